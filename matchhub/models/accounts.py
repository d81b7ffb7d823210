"""Accounts: users, their roles and the sessions they hold."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchhub.extensions import db
from matchhub.models.types import JSONList, UTCDateTime, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so uniqueness is case-insensitive on every engine; residents
    # registered at the desk or imported without an address have none.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(8), default="ja")
    large_text: Mapped[bool] = mapped_column(Boolean, default=False)
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped on logout and password change; sessions carrying an older value are void.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Second factor (TOTP), required for coordinators and admins.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last time step accepted, so a code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set at each successful login: the "last login" admins see.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Until the address is confirmed it receives nothing but the confirmation link.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Which optional notices also come by mail (MailCategory.optional()).
    mail_matches: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    mail_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    mail_news: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # A deactivated account cannot log in; its row stays for the records that name it.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    helper_profile: Mapped[HelperProfile | None] = relationship(  # noqa: F821
        back_populates="user", uselist=False, foreign_keys="HelperProfile.user_id"
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="user")  # noqa: F821

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    @property
    def is_staff(self) -> bool:
        return self.is_coordinator or self.is_admin

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()


class ClaimCode(db.Model):
    """A one-time code printed at the desk, with which a resident takes over their account."""

    __tablename__ = "claim_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Setting(db.Model):
    """A value admins can change at run time, such as a KPI target or answer deadline."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict] = mapped_column(JSONList)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class RecoveryCode(db.Model):
    """A one-time code that stands in for the second factor when the phone is lost."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
