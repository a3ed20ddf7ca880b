"""E-mail: real mails land, malformed ones are one-line rejections, attachments only recorded."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from crisisdesk.intake.parsers import email as mail

REJECTED = {
    "mail_malformed_1.eml",
    "mail_malformed_2.eml",
    "mail_malformed_3.eml",
}
START = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.mark.shared_data
def test_real_mails_land_and_malformed_ones_are_rejected(shared_data: Path) -> None:
    files = sorted((shared_data / "email").glob("*.eml"))
    assert len(files) == 8
    landed: list[str] = []
    for path in files:
        result = mail.parse_file(path)
        if path.name in REJECTED:
            assert result.messages == [], path.name
            assert len(result.rejected) == 1
            line = str(result.rejected[0])
            assert line.startswith(f"{path}: ") and "\n" not in line
        else:
            assert result.rejected == [], path.name
            assert len(result.messages) == 1
            landed.append(path.name)
    assert landed == [
        "mail_outlook_1.eml",  # an Outlook .msg, whatever its name says
        "mail_test_1.eml",
        "mail_test_2.eml",
        "mail_test_3.eml",
        "mail_test_6.eml",
    ]


@pytest.mark.shared_data
def test_real_mail_fields_and_attachments(shared_data: Path) -> None:
    folder = shared_data / "email"
    weather = mail.parse_file(folder / "mail_test_2.eml").messages[0]
    assert weather.external_id == "4516257BC5774408ADC1263EEBBBB73F@ad.regione.vda.it"
    assert weather.text.startswith("Bollettino Meteorologico del 29/11/2015")
    pdf = next(a for a in weather.media if a["name"] == "Bollettino.pdf")
    assert pdf["size"] == 1089942 and len(pdf["sha256"]) == 64
    russian = mail.parse_file(folder / "mail_test_1.eml").messages[0]
    assert russian.text == "письмо уведом-е"  # RFC 2047 subject decoded
    assert russian.author_name == "служба ФНС Даниил Суворов"
    assert russian.flags["date_missing"] is True  # that mail has no Date header
    assert russian.media[0]["name"] == "ФНС_РФ558.zip"
    html_only = mail.parse_file(folder / "mail_test_6.eml").messages[0]
    assert "<" not in html_only.text and "Профессионалы.ru" in html_only.text
    # issue 12: an Outlook .msg was refused as "not an RFC 5322 mail"; it is read now
    [outlook] = mail.parse_file(folder / "mail_outlook_1.eml").messages
    assert outlook.external_id == "20170918100018.6AE0948009C@www.w-vwa.de"
    assert outlook.author_handle == "NueblingV@w-vwa.de"
    assert outlook.text.startswith("Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz")
    assert outlook.received_at.isoformat() == "2017-09-18T10:00:18+00:00"
    assert outlook.flags["outlook_msg"] is True
    assert "newsletter.png" in [a["name"] for a in outlook.media]
    broken = mail.parse_bytes(
        (folder / "mail_outlook_1.eml").read_bytes()[:3000], "cut.msg", fallback_time=START
    )
    assert broken.messages == [] and "Outlook .msg" in broken.rejected[0].reason


def _arabic_mail(number: int) -> bytes:
    """A mail whose subject is an RFC 2047 windows-1256 encoded word, as Arabic Outlook sends."""
    encoded = base64.b64encode("بلاغ تجمع مياه".encode("cp1256")).decode()
    message = EmailMessage()
    message["From"] = "مواطن <citizen@example.sa>"
    message["To"] = "media@amanah.example.sa"
    message["Message-ID"] = f"<m{number}@example.sa>"
    message["Date"] = "Thu, 01 Jan 2026 09:00:00 +0300"
    message.set_content("الماء يغمر الشارع قرب المدرسة", charset="utf-8")
    message.add_attachment(
        b"MZ\x90\x00fake", maintype="application", subtype="octet-stream", filename="photo.exe"
    )
    return f"Subject: =?windows-1256?B?{encoded}?=\n".encode() + message.as_bytes()


def test_windows_1256_subject_body_and_attachment(tmp_path: Path) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(_arabic_mail(1))
    message = mail.parse_file(path).messages[0]
    assert message.text.startswith("بلاغ تجمع مياه\n\nالماء يغمر الشارع")
    assert message.author_handle == "citizen@example.sa" and message.author_name == "مواطن"
    assert message.received_at.isoformat() == "2026-01-01T06:00:00+00:00"
    assert message.language == "ar"
    assert message.media == [
        {
            "name": "photo.exe",
            "type": "application/octet-stream",
            "size": 8,
            "sha256": hashlib.sha256(b"MZ\x90\x00fake").hexdigest(),
            "disposition": "attachment",
        }
    ]
    assert message.reply_address is not None
    assert message.reply_address["email"] == "citizen@example.sa"


def test_mbox_lands_good_mails_and_rejects_the_bad_one(tmp_path: Path) -> None:
    broken = (
        b"From: someone@example.sa\nSubject: broken\nContent-Type: multipart/mixed; "
        b'boundary="XYZ"\n\nno boundary here at all\n'
    )
    box = tmp_path / "inbox.mbox"
    parts = [_arabic_mail(1), broken, _arabic_mail(2)]
    box.write_bytes(
        b"".join(b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + p + b"\n" for p in parts)
    )
    result = mail.parse_file(box)
    assert [m.external_id for m in result.messages] == ["m1@example.sa", "m2@example.sa"]
    assert len(result.rejected) == 1
    assert str(result.rejected[0]).startswith(f"{box} message 2: malformed MIME structure (")


def test_not_a_mail_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "x.eml"
    path.write_bytes(b"just some words\nwith no headers\n")
    assert "not a mail" in mail.parse_file(path).rejected[0].reason
    empty = tmp_path / "e.eml"
    empty.write_bytes(b"")
    assert mail.parse_file(empty).rejected[0].reason == "empty mail"
