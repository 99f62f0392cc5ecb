"""The names of the core's audit events (see each app's audit_actions module)."""

TOTP_ENROL_START = "totp.enrol_start"
TOTP_ENROL = "totp.enrol"
