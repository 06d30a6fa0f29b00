"""Contains all the data models used in inputs/outputs"""

from .abstract_factory_view import AbstractFactoryView
from .bank_details import BankDetails
from .cancel_body import CancelBody
from .capture_body import CaptureBody
from .capture_method import CaptureMethod
from .channel_outcome import ChannelOutcome
from .channel_outcome_channel import ChannelOutcomeChannel
from .channel_outcome_status import ChannelOutcomeStatus
from .channel_target import ChannelTarget
from .channel_target_channel import ChannelTargetChannel
from .client_token import ClientToken
from .client_token_request import ClientTokenRequest
from .confirm_body import ConfirmBody
from .content_body import ContentBody
from .customer import Customer
from .database_list import DatabaseList
from .database_outcome import DatabaseOutcome
from .database_outcome_rows_type_0_item import DatabaseOutcomeRowsType0Item
from .database_status import DatabaseStatus
from .dead_letter_page import DeadLetterPage
from .dead_letter_view import DeadLetterView
from .delivery_attempt_view import DeliveryAttemptView
from .delivery_list import DeliveryList
from .delivery_view import DeliveryView
from .dependency_health import DependencyHealth
from .event_type import EventType
from .factories_overview import FactoriesOverview
from .factory_entry import FactoryEntry
from .factory_entry_settings_present import FactoryEntrySettingsPresent
from .factory_view import FactoryView
from .fail_body import FailBody
from .family_spec import FamilySpec
from .get_liveness_response_200 import GetLivenessResponse200
from .health_report import HealthReport
from .list_payments_status import ListPaymentsStatus
from .member_list import MemberList
from .multi_channel_body import MultiChannelBody
from .multi_channel_body_data import MultiChannelBodyData
from .multi_channel_body_metadata import MultiChannelBodyMetadata
from .multi_channel_body_mode import MultiChannelBodyMode
from .multi_channel_body_recipients import MultiChannelBodyRecipients
from .multi_channel_result import MultiChannelResult
from .multi_channel_result_mode import MultiChannelResultMode
from .multi_channel_result_status import MultiChannelResultStatus
from .notification_attempt_view import NotificationAttemptView
from .notification_delivery_stats import NotificationDeliveryStats
from .notification_view import NotificationView
from .notification_view_channel import NotificationViewChannel
from .notification_view_metadata import NotificationViewMetadata
from .notification_view_status import NotificationViewStatus
from .payment_attempt_view import PaymentAttemptView
from .payment_attempt_view_gateway import PaymentAttemptViewGateway
from .payment_page import PaymentPage
from .payment_request import PaymentRequest
from .payment_request_gateway_type_0 import PaymentRequestGatewayType0
from .payment_request_metadata import PaymentRequestMetadata
from .payment_request_metadata_sandbox_trigger_type_1 import PaymentRequestMetadataSandboxTriggerType1
from .payment_request_payment_system_type_0 import PaymentRequestPaymentSystemType0
from .payment_totals_by_gateway import PaymentTotalsByGateway
from .payment_view import PaymentView
from .payment_view_customer import PaymentViewCustomer
from .payment_view_gateway import PaymentViewGateway
from .payment_view_gateway_data import PaymentViewGatewayData
from .payment_view_metadata import PaymentViewMetadata
from .payment_view_status import PaymentViewStatus
from .payments_by_user import PaymentsByUser
from .preferences_body import PreferencesBody
from .preferences_body_categories import PreferencesBodyCategories
from .preferences_body_channels import PreferencesBodyChannels
from .preferences_view import PreferencesView
from .preferences_view_categories import PreferencesViewCategories
from .preferences_view_channels import PreferencesViewChannels
from .problem import Problem
from .query_all_request_type_0 import QueryAllRequestType0
from .query_all_request_type_0_query import QueryAllRequestType0Query
from .query_all_request_type_1 import QueryAllRequestType1
from .query_all_request_type_1_query import QueryAllRequestType1Query
from .query_all_request_type_2 import QueryAllRequestType2
from .query_all_request_type_2_query import QueryAllRequestType2Query
from .query_all_request_type_3 import QueryAllRequestType3
from .query_all_request_type_3_query import QueryAllRequestType3Query
from .query_all_result import QueryAllResult
from .query_all_result_combined_type_0_item import QueryAllResultCombinedType0Item
from .query_description import QueryDescription
from .query_description_params import QueryDescriptionParams
from .query_error import QueryError
from .query_list import QueryList
from .query_request_type_0 import QueryRequestType0
from .query_request_type_0_database import QueryRequestType0Database
from .query_request_type_0_query import QueryRequestType0Query
from .query_request_type_1 import QueryRequestType1
from .query_request_type_1_database import QueryRequestType1Database
from .query_request_type_1_query import QueryRequestType1Query
from .query_request_type_2 import QueryRequestType2
from .query_request_type_2_database import QueryRequestType2Database
from .query_request_type_2_query import QueryRequestType2Query
from .query_request_type_3 import QueryRequestType3
from .query_request_type_3_database import QueryRequestType3Database
from .query_request_type_3_query import QueryRequestType3Query
from .query_result import QueryResult
from .query_result_rows_item import QueryResultRowsItem
from .readiness_report import ReadinessReport
from .receipt_result import ReceiptResult
from .recent_events import RecentEvents
from .refund_body import RefundBody
from .refund_result import RefundResult
from .refund_view import RefundView
from .refund_view_status import RefundViewStatus
from .send_notification_command import SendNotificationCommand
from .send_notification_command_channel import SendNotificationCommandChannel
from .send_notification_command_data import SendNotificationCommandData
from .send_notification_command_metadata import SendNotificationCommandMetadata
from .system_info import SystemInfo
from .system_info_adapters import SystemInfoAdapters
from .template_body import TemplateBody
from .template_body_channels import TemplateBodyChannels
from .template_body_locales import TemplateBodyLocales
from .template_body_locales_additional_property import TemplateBodyLocalesAdditionalProperty
from .template_view import TemplateView
from .template_view_channels import TemplateViewChannels
from .template_view_locales import TemplateViewLocales
from .template_view_locales_additional_property import TemplateViewLocalesAdditionalProperty
from .wallet_details import WalletDetails
from .webhook_endpoint_body import WebhookEndpointBody
from .webhook_endpoint_body_events_item import WebhookEndpointBodyEventsItem
from .webhook_endpoint_list import WebhookEndpointList
from .webhook_endpoint_view import WebhookEndpointView
from .webhook_result import WebhookResult

__all__ = (
    "AbstractFactoryView",
    "BankDetails",
    "CancelBody",
    "CaptureBody",
    "CaptureMethod",
    "ChannelOutcome",
    "ChannelOutcomeChannel",
    "ChannelOutcomeStatus",
    "ChannelTarget",
    "ChannelTargetChannel",
    "ClientToken",
    "ClientTokenRequest",
    "ConfirmBody",
    "ContentBody",
    "Customer",
    "DatabaseList",
    "DatabaseOutcome",
    "DatabaseOutcomeRowsType0Item",
    "DatabaseStatus",
    "DeadLetterPage",
    "DeadLetterView",
    "DeliveryAttemptView",
    "DeliveryList",
    "DeliveryView",
    "DependencyHealth",
    "EventType",
    "FactoriesOverview",
    "FactoryEntry",
    "FactoryEntrySettingsPresent",
    "FactoryView",
    "FailBody",
    "FamilySpec",
    "GetLivenessResponse200",
    "HealthReport",
    "ListPaymentsStatus",
    "MemberList",
    "MultiChannelBody",
    "MultiChannelBodyData",
    "MultiChannelBodyMetadata",
    "MultiChannelBodyMode",
    "MultiChannelBodyRecipients",
    "MultiChannelResult",
    "MultiChannelResultMode",
    "MultiChannelResultStatus",
    "NotificationAttemptView",
    "NotificationDeliveryStats",
    "NotificationView",
    "NotificationViewChannel",
    "NotificationViewMetadata",
    "NotificationViewStatus",
    "PaymentAttemptView",
    "PaymentAttemptViewGateway",
    "PaymentPage",
    "PaymentRequest",
    "PaymentRequestGatewayType0",
    "PaymentRequestMetadata",
    "PaymentRequestMetadataSandboxTriggerType1",
    "PaymentRequestPaymentSystemType0",
    "PaymentsByUser",
    "PaymentTotalsByGateway",
    "PaymentView",
    "PaymentViewCustomer",
    "PaymentViewGateway",
    "PaymentViewGatewayData",
    "PaymentViewMetadata",
    "PaymentViewStatus",
    "PreferencesBody",
    "PreferencesBodyCategories",
    "PreferencesBodyChannels",
    "PreferencesView",
    "PreferencesViewCategories",
    "PreferencesViewChannels",
    "Problem",
    "QueryAllRequestType0",
    "QueryAllRequestType0Query",
    "QueryAllRequestType1",
    "QueryAllRequestType1Query",
    "QueryAllRequestType2",
    "QueryAllRequestType2Query",
    "QueryAllRequestType3",
    "QueryAllRequestType3Query",
    "QueryAllResult",
    "QueryAllResultCombinedType0Item",
    "QueryDescription",
    "QueryDescriptionParams",
    "QueryError",
    "QueryList",
    "QueryRequestType0",
    "QueryRequestType0Database",
    "QueryRequestType0Query",
    "QueryRequestType1",
    "QueryRequestType1Database",
    "QueryRequestType1Query",
    "QueryRequestType2",
    "QueryRequestType2Database",
    "QueryRequestType2Query",
    "QueryRequestType3",
    "QueryRequestType3Database",
    "QueryRequestType3Query",
    "QueryResult",
    "QueryResultRowsItem",
    "ReadinessReport",
    "ReceiptResult",
    "RecentEvents",
    "RefundBody",
    "RefundResult",
    "RefundView",
    "RefundViewStatus",
    "SendNotificationCommand",
    "SendNotificationCommandChannel",
    "SendNotificationCommandData",
    "SendNotificationCommandMetadata",
    "SystemInfo",
    "SystemInfoAdapters",
    "TemplateBody",
    "TemplateBodyChannels",
    "TemplateBodyLocales",
    "TemplateBodyLocalesAdditionalProperty",
    "TemplateView",
    "TemplateViewChannels",
    "TemplateViewLocales",
    "TemplateViewLocalesAdditionalProperty",
    "WalletDetails",
    "WebhookEndpointBody",
    "WebhookEndpointBodyEventsItem",
    "WebhookEndpointList",
    "WebhookEndpointView",
    "WebhookResult",
)
