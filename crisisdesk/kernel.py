"""The small kernel every service receives: the database, the clock, the signed-in user,
``transaction()`` (a write that must carry its decisions), ``require()`` (permissions,
refusals logged) and the log's signing key.

Services get this instead of the whole `Desk`, and their peer services through their
constructors, so a reader sees what each depends on; `crisisdesk.desk.Desk` is the
composition root that builds them on top of a kernel.
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, NoReturn, Self

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crisisdesk.clock import Clock, SystemClock, utc_iso
from crisisdesk.errors import AuthError, RefusedError, StorageError
from crisisdesk.log.kinds import Kind
from crisisdesk.secrets import SecretStore
from crisisdesk.storage import location, migrate, signing
from crisisdesk.storage.chain import checkpoint_message, fingerprint
from crisisdesk.storage.engine import Database, describe_url
from crisisdesk.storage.models import Checkpoint, Meta, SigninFailure, User
from crisisdesk.storage.private_file import create_private_file, tighten_private_file
from crisisdesk.unit_of_work import UnitOfWork
from crisisdesk.users import signin_throttle
from crisisdesk.users.passwords import check_password, dummy_hash, hash_password, needs_rehash
from crisisdesk.users.permissions import Action, can
from crisisdesk.users.records import UserInfo

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DEFAULT_CHECKPOINT_EVERY = 500
_SIGNIN_NAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")  # as users.service accepts names
_REASONS_AR = {
    "unknown user": "مستخدم غير معروف",
    "wrong password": "كلمة مرور خاطئة",
    "inactive": "الحساب موقوف",
    "locked": "محاولات خاطئة كثيرة؛ الحساب ينتظر",
}


def _name_digest(name: object) -> str:
    """SHA-256 of a typed name: how an unknown name is counted and logged (it may be a
    password typed into the name field, so never the text itself)."""
    raw = name if isinstance(name, str) else repr(name)
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _shown(name: object) -> str:
    """A typed name for a one-line message: short, and printable."""
    text = name if isinstance(name, str) else repr(name)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return repr(text[:64] + ("…" if len(text) > 64 else ""))


class Kernel:
    """An open database with its clock, its secrets, the signed-in user and the decision log's
    identity: what every service is handed, and all it may reach without a peer."""

    def __init__(self, db: Database, clock: Clock, secrets: SecretStore) -> None:
        self.db = db
        self.clock = clock
        self.secrets = secrets
        self.user: UserInfo | None = None
        self.log_id = ""
        self.checkpoint_every = DEFAULT_CHECKPOINT_EVERY
        self.upgrade_backup: str | None = None
        self.zone_name: str | None = None  # the room's time zone setting (see room_zone)
        self._signing_key: Ed25519PrivateKey | None = None

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        create: bool = False,
        clock: Clock | None = None,
        on_notice: Callable[[str], None] | None = None,
    ) -> Self:
        """Open ``url`` (default: the user's SQLite file), upgrading an older schema.

        Without ``create`` a missing SQLite file is an error, so a mistyped path never
        leaves an empty database behind.
        """
        url = url or location.default_db_url()
        db = Database(url)
        if db.sqlite_path is not None and not db.sqlite_path.exists():
            if not create:
                raise StorageError(
                    f"no database at {db.sqlite_path}; create one with "
                    "`crisisdesk init --admin NAME` (or run `crisisdesk demo`)"
                )
            db.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            create_private_file(db.sqlite_path)  # owner-only from the first byte
        elif db.sqlite_path is not None:
            tighten_private_file(db.sqlite_path)  # made 0644 by an older version
        try:
            db.check_reachable()
            migrate.check_not_newer(db)
            if not create and not migrate.current_revisions(db):
                raise StorageError(
                    f"{describe_url(url)} is not a CrisisDesk database (no schema); "
                    "create one with `crisisdesk init --admin NAME`"
                )
            backup = migrate.upgrade(db)
        except BaseException:
            db.dispose()
            raise
        kernel = cls(db, clock or SystemClock(), SecretStore(location.data_dir()))
        kernel.secrets.on_notice = on_notice
        kernel.upgrade_backup = str(backup) if backup else None
        kernel._load_meta(create=create)
        return kernel

    def _load_meta(self, *, create: bool) -> None:
        with self.db.read() as session:
            meta = {m.key: m.value for m in session.scalars(select(Meta))}
        if "log_id" not in meta:
            if not create:
                raise StorageError("the database has no decision log; run `crisisdesk init`")
            meta = self._initialise_log()
        self.log_id = meta["log_id"]
        self.checkpoint_every = int(meta.get("checkpoint_every", DEFAULT_CHECKPOINT_EVERY))
        self.zone_name = meta.get("room.zone") or None

    def _initialise_log(self) -> dict[str, str]:
        """Give a new database its log id and signing key (private half to the keyring)."""
        log_id = uuid.uuid4().hex
        key = signing.create_private(self.secrets, log_id)
        self._signing_key = key
        meta = {
            "log_id": log_id,
            "created_at": utc_iso(self.clock.now()),
            "pinned_keys": json.dumps([signing.public_hex(key)]),
            "checkpoint_every": str(DEFAULT_CHECKPOINT_EVERY),
        }
        with self.db.write() as session:
            existing = session.get(Meta, "log_id")
            if existing is not None:  # another process initialised it first
                return {m.key: m.value for m in session.scalars(select(Meta))}
            for key_, value in meta.items():
                session.add(Meta(key=key_, value=value))
        return meta

    def close(self) -> None:
        self.db.dispose()

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def is_shared(self) -> bool:
        return self.db.is_shared

    @property
    def location_label(self) -> str:
        """What the status bar shows: the file path, or the server without password."""
        if self.db.sqlite_path is not None:
            return str(self.db.sqlite_path)
        return describe_url(self.db.url)

    # ------------------------------------------------------------------ users
    def sign_in(self, name: str, password: str) -> UserInfo:
        """Check the password and sign ``name`` in; a failure is logged, counted and makes
        the account wait (see ``users.signin_throttle``); an old hash is upgraded."""
        self.user = None
        now = self.clock.now()
        known = isinstance(name, str) and bool(_SIGNIN_NAME.match(name))
        row: User | None = None
        # a known and an unknown name are read, counted and answered the same way, so
        # neither the answer nor its timing tells a guesser which accounts exist
        with self.db.read() as session:
            if known:
                row = session.scalars(select(User).where(User.name == name)).first()
            unknown = session.get(SigninFailure, _name_digest(name))
        if row is not None:
            failures, last_failed = row.failed_signins or 0, row.last_failed_at
        else:
            failures = unknown.failures if unknown is not None else 0
            last_failed = unknown.last_failed_at if unknown is not None else None
        wait = signin_throttle.retry_after(failures, last_failed, now)
        if wait > 0:
            self._signin_failed(name, row, "locked", count=False)
            raise AuthError(
                f"too many failed sign-ins for {_shown(name)}; try again in {math.ceil(wait)} s"
            )
        stored = row.password_hash if row is not None else dummy_hash()
        ok = check_password(password, stored)
        if row is None or not ok or not row.active:
            reason = "unknown user" if row is None else "wrong password" if not ok else "inactive"
            self._signin_failed(name, row, reason, count=not ok)
            raise AuthError(f"sign-in failed for {_shown(name)}: unknown user or wrong password")
        if (row.failed_signins or 0) or needs_rehash(stored):
            fresh_hash = hash_password(password) if needs_rehash(stored) else None
            with self.db.write() as session:
                current = session.get(User, row.id)
                if current is not None:
                    current.failed_signins = 0
                    current.last_failed_at = None
                    if fresh_hash is not None and current.password_hash == stored:
                        current.password_hash = fresh_hash
        self.user = UserInfo.from_row(row)
        self.db.writer = name
        return self.user

    def take_over(self, name: str) -> UserInfo:
        """Act as ``name`` in a worker process the app started for its signed-in user.

        The parent checked the password; it hands the worker the account's name over the
        pipe it made (never a password). The account is read again here and must still be
        active, and every action re-reads it as it does in the parent. Not reachable from
        the command line or the network.
        """
        self.user = None
        with self.db.read() as session:
            row = session.scalars(select(User).where(User.name == name)).first()
        if row is None or not row.active:
            raise AuthError(f"{_shown(name)} is not an active account")
        self.user = UserInfo.from_row(row)
        self.db.writer = name
        return self.user

    def _signin_failed(self, name: object, row: User | None, reason: str, *, count: bool) -> None:
        """Log a failed sign-in (never any password material) and count it on the account."""
        at = utc_iso(self.clock.now())
        with self.db.write() as session:
            failures = 0
            if row is not None:
                current = session.get(User, row.id)
                if current is not None:
                    if count:
                        current.failed_signins = (current.failed_signins or 0) + 1
                        current.last_failed_at = at
                    failures = current.failed_signins or 0
            else:
                failures = signin_throttle.count_unknown(session, _name_digest(name), at, count)
            payload: dict[str, object] = {"reason": reason, "failures": failures}
            wait = signin_throttle.wait_after(failures) if count else 0.0
            if wait:
                payload["wait_s"] = int(wait)
            if row is not None:
                subject, who = f"user:{row.name}", row.name
            else:  # what was typed may be a password typed into the name field: only a digest
                digest = _name_digest(name)[:16]
                subject, who = "user:?", f"? ({digest})"
                payload["name_sha256"] = digest
            UnitOfWork(self, session).decide(
                Kind.SECURITY_SIGNIN_FAILED,
                subject=subject,
                summary_ar=f"فشل تسجيل الدخول باسم {who}: {_REASONS_AR[reason]}",
                summary_en=f"failed sign-in as {who}: {reason}",
                payload=payload,
            )

    def sign_out(self) -> None:
        self.user = None

    def refresh_user(self) -> UserInfo | None:
        """The signed-in account as stored now (its role, whether it is still active);
        the app calls it when the log says the account changed."""
        user = self.user
        if user is None:
            return None
        with self.db.read() as session:
            self._reload(session, user)
        return self.user

    def require(self, action: Action, *, incident_id: int | None = None) -> UserInfo:
        """The signed-in user, if their role allows ``action``; else log the refusal and raise.

        The account is read again first: a role changed or an account deactivated on
        another laptop (or in another window) takes effect at the next action, not at the
        next sign-in.
        """
        user = self.user
        if user is None:
            raise AuthError(f"{action.value} needs a signed-in user")
        with self.db.read() as session:
            fresh = self._reload(session, user)
        if fresh is not None and fresh.active and can(fresh.role, action):
            return fresh
        self._refuse(action, incident_id)

    def _reload(self, session: Session, user: UserInfo) -> UserInfo | None:
        """The signed-in account as the database holds it now; ``self.user`` follows it."""
        row = session.get(User, user.id)
        if row is None or row.name != user.name:
            self.user = replace(user, active=False)
            return None
        fresh = UserInfo.from_row(row)
        if fresh != user:
            self.user = fresh
        return fresh

    def _refuse(self, action: Action | None, incident_id: int | None) -> NoReturn:
        """Log why the signed-in user may not act now, and raise the one-line reason."""
        user = self.user
        assert user is not None
        what = action.value if action is not None else "change anything"
        payload: dict[str, object] = {"action": action.value} if action is not None else {}
        if not user.active:
            payload["reason"] = "deactivated"
        with self.db.write() as session:
            uow = UnitOfWork(self, session)
            uow.decide(
                Kind.SECURITY_REFUSED,
                subject=f"user:{user.name}",
                incident_id=incident_id,
                summary_ar=(
                    f"رُفض إجراء {what} للمستخدم {user.name} ({user.role})"
                    + ("؛ الحساب موقوف" if not user.active else "")
                ),
                summary_en=(
                    f"refused {what} for {user.name} ({user.role})"
                    + ("; the account is deactivated" if not user.active else "")
                ),
                payload=payload,
            )
        if not user.active:
            raise AuthError(f"the account {user.name} was deactivated; it may not {what}")
        raise RefusedError(f"{user.name} ({user.role}) may not {what}")

    # ---------------------------------------------------------- transactions
    @contextmanager
    def transaction(
        self, action: Action | None, *, incident_id: int | None = None, late_lock: bool = False
    ) -> Iterator[UnitOfWork]:
        """A write transaction that commits the change and its decisions together.

        It holds the writer lock from the start, so what it reads and checks cannot change
        before it commits. ``late_lock`` (a long import whose rows are idempotent) takes the
        lock only at the first append, so other laptops are not held up while it stores.
        """
        if action is not None:
            self.require(action, incident_id=incident_id)
        uow: UnitOfWork | None = None
        try:
            with self.db.write(lock=not late_lock) as session:
                self._still_allowed(session, action)
                check = None
                if late_lock and self.db.dialect == "postgresql":
                    # The writer lock comes later (at the first append); look again then, at
                    # what is committed, so a deactivation that got in between still counts.
                    check = self._allowed_once_locked(action)
                uow = UnitOfWork(self, session, check=check)
                yield uow
                if not uow.seqs:
                    raise RuntimeError("a state change must record a decision")
                self._maybe_checkpoint(uow)
            if uow.last_hash is not None:
                self.db.saw_committed(uow.seqs[-1], uow.last_hash)
        except _Denied:
            self._refuse(action, incident_id)
        except StorageError as exc:
            message = str(exc)
            if not message.startswith("not saved"):
                raise
            lost = "; ".join(uow.summaries) if uow is not None and uow.summaries else ""
            what = lost or (action.value if action is not None else "")
            raise type(exc)(f"{message} — lost: {what[:300]}" if what else message) from exc

    def _allowed_once_locked(self, action: Action | None) -> Callable[[Session], None]:
        def check(_session: Session) -> None:
            with self.db.read() as committed:
                self._still_allowed(committed, action)

        return check

    def _still_allowed(self, session: Session, action: Action | None) -> None:
        """The account may still act (under the writer lock nothing changes it until commit)."""
        user = self.user
        if user is None:
            return
        fresh = self._reload(session, user)
        if fresh is None or not fresh.active:
            raise _Denied
        if action is not None and not can(fresh.role, action):
            raise _Denied

    def _maybe_checkpoint(self, uow: UnitOfWork) -> None:
        every = self.checkpoint_every
        if every <= 0 or uow.last_hash is None:
            return
        first, last = uow.seqs[0], uow.seqs[-1]
        if (first - 1) // every != last // every:
            self.write_checkpoint(uow, reason="periodic")

    def signing_key(self, uow: UnitOfWork | None = None) -> Ed25519PrivateKey:
        """This machine's key for the log; made and pinned if the keyring has none yet."""
        if self._signing_key is None:
            key = signing.load_private(self.secrets, self.log_id)
            if key is None:
                key = self._register_new_key(uow)
            elif not self._key_pinned(signing.public_hex(key), uow):
                # kept in the keyring by a run that stopped before its pin was committed
                self._pin_key(key, uow)
            self._signing_key = key
        return self._signing_key

    def _key_pinned(self, public: str, uow: UnitOfWork | None) -> bool:
        pins = _pins(uow.session) if uow is not None else self.pinned_keys()
        return public in pins

    def _register_new_key(self, uow: UnitOfWork | None) -> Ed25519PrivateKey:
        key = signing.create_private(self.secrets, self.log_id)
        self._pin_key(key, uow)
        if len(self._pins_now(uow)) > 1:  # not the log's first key: say so, never silently
            self.secrets.announce(
                f"no signing key for this decision log was found in {self.secrets.status()}; "
                f"a new one ({fingerprint(signing.public_hex(key))}) was made and pinned, and "
                "this laptop's checkpoints are signed with it from now on",
                once=False,
            )
        return key

    def _pins_now(self, uow: UnitOfWork | None) -> list[str]:
        return _pins(uow.session) if uow is not None else sorted(self.pinned_keys())

    def _pin_key(self, key: Ed25519PrivateKey, uow: UnitOfWork | None) -> None:
        """Pin this machine's public key in the database, with its decision."""
        public = signing.public_hex(key)

        def register(target: UnitOfWork) -> None:
            row = target.session.get(Meta, "pinned_keys")
            keys = json.loads(row.value) if row else []
            if public in keys:
                return
            keys.append(public)
            if row is None:
                target.session.add(Meta(key="pinned_keys", value=json.dumps(keys)))
            else:
                target.session.execute(
                    update(Meta).where(Meta.key == "pinned_keys").values(value=json.dumps(keys))
                )
            target.decide(
                Kind.LOG_KEY_REGISTERED,
                subject=f"key:{fingerprint(public)}",
                summary_ar=f"تسجيل مفتاح توقيع جديد لهذا الجهاز ({fingerprint(public)})",
                summary_en=f"registered a new signing key for this machine ({fingerprint(public)})",
                payload={"public_key": public, "machine": platform.node() or None},
            )

        if uow is not None:
            register(uow)
        else:
            with self.db.write() as session:
                register(UnitOfWork(self, session))

    def write_checkpoint(self, uow: UnitOfWork, *, reason: str) -> Checkpoint:
        """Sign the head as it stands inside ``uow`` and store the checkpoint."""
        from crisisdesk.storage.decision_log import read_head

        key = self.signing_key(uow)
        seq, head = read_head(uow.session, self.log_id)
        at = utc_iso(self.clock.now())
        signature = signing.sign(key, checkpoint_message(self.log_id, seq, head, at))
        row = Checkpoint(
            seq=seq,
            head_hash=head,
            at=at,
            reason=reason,
            public_key=signing.public_hex(key),
            signature=signature,
        )
        uow.session.add(row)
        uow.session.flush()
        return row

    def pinned_keys(self) -> set[str]:
        with self.db.read() as session:
            return set(_pins(session))

class _Denied(Exception):
    """The account lost the right to act while the transaction waited for the writer lock."""


def _pins(session: Session) -> list[str]:
    """The public keys pinned for this database's log, oldest first."""
    row = session.get(Meta, "pinned_keys")
    return list(json.loads(row.value)) if row else []
