"""django-allauth: sign-up with a verified e-mail, log-in by username or e-mail, password reset."""

ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Boucle] "
ACCOUNT_USERNAME_BLACKLIST = ["admin", "api", "static", "media", "accounts", "boucle"]
# allauth's own rate limits (kept in the shared cache): sign-up, log-in, password reset.
ACCOUNT_RATE_LIMITS = {
    "signup": "20/h/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
