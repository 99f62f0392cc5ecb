"""The names of host services' audit events (see talks.audit_actions)."""

SERVICE_REQUEST_LIST = "service_request.list"
SERVICE_REQUEST_READ = "service_request.read"
SERVICE_REQUEST_CREATE = "service_request.create"
# A refused step, whichever it was; an allowed one is recorded under its own name below.
SERVICE_REQUEST_STEP = "service_request.step"
SERVICE_REQUEST_ACCEPT = "service_request.accept"
SERVICE_REQUEST_ASSIGN = "service_request.assign"
SERVICE_REQUEST_SCHEDULE = "service_request.schedule"
SERVICE_REQUEST_DELIVER = "service_request.deliver"
SERVICE_REQUEST_DECLINE = "service_request.decline"
SERVICE_COMMENT_ADD = "service_comment.add"
