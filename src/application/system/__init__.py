"""Operations: health, system information, housekeeping, background services, client tokens."""
