"""One way to make a person and log them in."""

from __future__ import annotations

from matchhub.extensions import db

PASSWORD = "correct horse battery"


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str):
        """Log in; staff also pass the second factor, as a real coordinator would."""
        response = self._client.post("/login", data={"email": email, "password": password})
        location = response.headers.get("Location", "")
        if response.status_code == 302 and "/account/2fa" in location:
            pass_second_factor(self._client, email)
            return self._client.get(location, follow_redirects=False)
        return response

    def logout(self):
        return self._client.post("/logout")


def make_user(email: str = "resident@example.jp", password: str = PASSWORD, **fields):
    """Create a user directly in the database."""
    from matchhub.models import HelperProfile, User
    from matchhub.models.types import utcnow
    from matchhub.security import hash_password

    # Like every account made before confirmation existed; pass None for an unconfirmed one.
    fields.setdefault("email_confirmed_at", utcnow())
    user = User(
        email=email,
        display_name=fields.pop("display_name", "テスト 太郎"),
        password_hash=hash_password(password),
        **fields,
    )
    user.helper_profile = HelperProfile(key=f"h-{email}")
    db.session.add(user)
    db.session.commit()
    return user


def pass_second_factor(client, email: str) -> None:
    """Enrol the user's TOTP secret if needed and send a current code."""
    import pyotp
    from sqlalchemy import select

    from matchhub.models import User
    from matchhub.models.types import utcnow

    user = db.session.scalar(select(User).where(User.email == email.lower()))
    if user.totp_secret is None or user.totp_enabled_at is None:
        user.totp_secret = pyotp.random_base32()
        user.totp_enabled_at = utcnow()
    user.totp_last_step = None
    db.session.commit()
    client.post("/account/2fa", data={"code": pyotp.TOTP(user.totp_secret).now()})
