"""Taxonomy: areas, NPO-law activity fields, themes and skills."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchhub.extensions import db
from matchhub.models.types import JSONList


class Area(db.Model):
    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kana: Mapped[str | None] = mapped_column(String(120))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    aliases: Mapped[list[str]] = mapped_column(JSONList, default=list)

    parent: Mapped[Area | None] = relationship(remote_side=[id])


theme_fields = Table(
    "theme_fields",
    db.metadata,
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
    Column("field_id", ForeignKey("activity_fields.id", ondelete="CASCADE"), primary_key=True),
)


class ActivityField(db.Model):
    """One of the 20 fields of 特定非営利活動促進法 別表."""

    __tablename__ = "activity_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    aliases: Mapped[list[str]] = mapped_column(JSONList, default=list)
    # A catch-all such as 「できることなら何でも」: it shows willingness, not a subject.
    broad: Mapped[bool] = mapped_column(Boolean, default=False)

    fields: Mapped[list[ActivityField]] = relationship(secondary=theme_fields)


class Skill(db.Model):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(60))
    aliases: Mapped[list[str]] = mapped_column(JSONList, default=list)
    related: Mapped[list[str]] = mapped_column(JSONList, default=list)
