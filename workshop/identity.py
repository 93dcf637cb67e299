"""Who is using the app and what they may see: the Hub's user and groups, roles from the config.

    me = current(config)               # under JupyterHub: $JUPYTERHUB_USER and its Hub groups
    store = ScopedStore(SessionStore(), me, config)

Under JupyterHub the user is the Hub's (JUPYTERHUB_USER); their groups come from
the Hub API with the server's own token, and an unreachable Hub only costs the
groups (roles by user name still apply). Standalone, $WORKSHOP_USER names the
user; with neither, nobody has signed in: one computer, the names typed in the
session as today, and every session and the team view open to whoever sits at it.

Roles (config `roles:`): trainers see every session; leads see the sessions of
their team (config `teams:`, by user name; every session when they have no team
listed) and those they led; everyone else is an agent and sees their own
sessions only. `ScopedStore` enforces it below the widgets.
"""
from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import dataclass
from typing import Any, Mapping

from .config import AppConfig
from .i18n import WorkshopError
from .sessions import SessionInfo, Snapshot, clean_name
from .model import Transcript

log = logging.getLogger(__name__)

TRAINER, LEAD, AGENT = "trainer", "lead", "agent"
USER_ENV = "WORKSHOP_USER"
HUB_TIMEOUT = 3.0  # seconds: the page must not wait long on a Hub that does not answer


def same_name(a: str | None, b: str | None) -> bool:
    """Names compared as stored (clean_name) and without case: "Ana  García" is "ana garcía"."""
    return bool(a) and bool(b) and clean_name(a).casefold() == clean_name(b).casefold()


@dataclass(frozen=True)
class Identity:
    name: str | None  # None: nobody signed in (standalone, one computer)
    role: str = TRAINER
    groups: tuple[str, ...] = ()
    source: str = "local"  # "hub", "env" or "local"
    #: the Hub could not be asked for the groups (the reason, for the log and a notice)
    hub_problem: str = ""

    @property
    def sees_team(self) -> bool:
        return self.role in (TRAINER, LEAD)


def hub_groups(env: Mapping[str, str] | None = None, timeout: float = HUB_TIMEOUT) -> tuple[tuple[str, ...], str]:
    """(groups, problem): the signed-in user's Hub groups from `GET $JUPYTERHUB_API_URL/user`.

    The server's token needs the `read:users:groups!user` scope (see README);
    without it, or with the Hub down, the groups are () and `problem` says why.
    """
    env = os.environ if env is None else env
    url, token = env.get("JUPYTERHUB_API_URL", ""), env.get("JUPYTERHUB_API_TOKEN", "")
    if not url or not token:
        return (), "no Hub API"
    request = urllib.request.Request(url.rstrip("/") + "/user", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the Hub's own URL
            model = json.loads(response.read(1_000_000).decode("utf-8"))
    except (OSError, ValueError) as error:  # refused, timed out, HTTP error, not JSON
        log.warning("JupyterHub API unreachable, roles by user name only: %s", error)
        return (), f"{type(error).__name__}: {error}"
    groups = model.get("groups") if isinstance(model, dict) else None
    if not isinstance(groups, list):
        return (), "no groups in the Hub's answer (scope read:users:groups)"
    return tuple(str(g) for g in groups), ""


def role_of(name: str | None, groups: tuple[str, ...], config: AppConfig) -> str:
    """trainer, lead or agent for a user; nobody signed in is a trainer (one computer, as before)."""
    if name is None:
        return TRAINER
    for role, key in ((TRAINER, "trainers"), (LEAD, "leads")):
        members = config.roles.get(key, {})
        if any(same_name(name, user) for user in members.get("users", ())) or \
                set(groups) & set(members.get("groups", ())):
            return role
    return AGENT


def current(config: AppConfig, env: Mapping[str, str] | None = None, timeout: float = HUB_TIMEOUT) -> Identity:
    """The user of this kernel: the Hub's, else $WORKSHOP_USER, else nobody signed in."""
    env = os.environ if env is None else env
    hub_user = clean_name(env.get("JUPYTERHUB_USER", ""))
    if hub_user:
        groups, problem = hub_groups(env, timeout) if _needs_groups(config) else ((), "")
        return Identity(hub_user, role_of(hub_user, groups, config), groups, "hub", problem)
    local = clean_name(env.get(USER_ENV, ""))
    if local:
        return Identity(local, role_of(local, (), config), (), "env")
    return Identity(None)


def _needs_groups(config: AppConfig) -> bool:
    """Ask the Hub only when some role is given to a group."""
    return any(members.get("groups") for members in config.roles.values())


# ---------------------------------------------------------------- what each role sees

def team_of(identity: Identity, config: AppConfig) -> tuple[str, ...] | None:
    """The agents a lead sees; None for everyone (a trainer, nobody signed in, a lead with no team listed)."""
    if identity.role == TRAINER or identity.name is None:
        return None
    if identity.role == LEAD:
        for lead, agents in config.teams.items():
            if same_name(lead, identity.name):
                return agents
        return None
    return (identity.name,)


def can_see(identity: Identity, config: AppConfig, info: SessionInfo) -> bool:
    team = team_of(identity, config)
    if team is None:
        return True
    if identity.role == LEAD and same_name(info.lead, identity.name):
        return True
    return any(same_name(info.agent, agent) for agent in team)


class ScopedStore:
    """A SessionStore as one user may use it: sessions they may not see are never listed,
    opened, exported or saved into, whichever widget or notebook asks.

    The SessionStore interface is unchanged (and so is any backend behind it): every other
    attribute (notices, listener, read_only, close…) is the wrapped store's.
    """

    def __init__(self, store, identity: Identity, config: AppConfig):
        self._store, self.identity, self.config = store, identity, config

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @property
    def unscoped(self):
        return self._store

    def _check(self, session_id: int) -> SessionInfo:
        info = self._store.info(session_id)
        if not can_see(self.identity, self.config, info):
            raise WorkshopError("session_forbidden", id=session_id)
        return info

    def sessions(self, agent: str | None = None, transcript: str | None = None,
                 since: str | None = None) -> list[SessionInfo]:
        return [s for s in self._store.sessions(agent=agent, transcript=transcript, since=since)
                if can_see(self.identity, self.config, s)]

    def create(self, lead: str, agent: str, transcript: Transcript, title: str = "",
               snapshot: Snapshot | None = None) -> int:
        """An agent's sessions are their own: one for another agent is refused before anything is written."""
        me = self.identity
        if me.role == AGENT and not same_name(agent, me.name):
            raise WorkshopError("session_not_yours", name=me.name)
        team = team_of(me, self.config)
        if me.role == LEAD and team is not None and not any(same_name(agent, a) for a in team):
            raise WorkshopError("session_not_your_team", name=clean_name(agent))
        return self._store.create(lead, agent, transcript, title=title, snapshot=snapshot)

    def save(self, session_id: int, snapshot: Snapshot, base: int) -> int:
        self._check(session_id)
        return self._store.save(session_id, snapshot, base)

    def info(self, session_id: int) -> SessionInfo:
        return self._check(session_id)

    def transcript(self, session_id: int) -> Transcript:
        self._check(session_id)
        return self._store.transcript(session_id)

    def snapshot(self, session_id: int, number: int | None = None) -> Snapshot:
        self._check(session_id)
        return self._store.snapshot(session_id, number)

    def revisions(self, session_id: int) -> list[tuple[int, str]]:
        self._check(session_id)
        return self._store.revisions(session_id)


def visible_progress(frame, identity: Identity, config: AppConfig, column: str = "learner"):
    """Self-study progress rows (practice.progress) this user may see: an agent only their own."""
    team = team_of(identity, config)
    if team is None or frame.empty:
        return frame
    keep = frame[column].map(lambda name: any(same_name(name, agent) for agent in team))
    if identity.role == LEAD:
        keep |= frame[column].map(lambda name: same_name(name, identity.name))
    return frame[keep]
