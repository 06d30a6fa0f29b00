"""In-process adapters: state in this process's memory, for tests and single-process runs."""
