"""The schedule file written by `amazingstore-sim --write-schedule` (format: docs/testbed.md, "The schedule")."""

from dataclasses import dataclass, field


@dataclass
class User:
    index: int
    contributor: bool
    availability: float
    capacity: int
    join: float  # simulated seconds


@dataclass
class Event:
    time: float  # simulated seconds
    kind: str  # online offline freeze depart dc_down dc_up upload request
    user: int = -1  # the user; the owner of an upload; the requester of a request
    obj: int = -1
    size: int = 0
    hard_kill: bool = False  # dc_down: kill -9 rather than SIGTERM


@dataclass
class Schedule:
    seed: int = 1
    days: float = 3.0
    objects: int = 0
    users: list = field(default_factory=list)
    events: list = field(default_factory=list)

    def count(self, kind):
        return sum(1 for e in self.events if e.kind == kind)


def load(path):
    s = Schedule()
    with open(path, encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            try:
                _parse_line(s, words)
            except (ValueError, IndexError) as e:
                raise ValueError(f"{path}:{number}: {e}") from e
    return s


def _parse_line(s, w):
    if w[0] == "seed":
        s.seed = int(w[1])
    elif w[0] == "days":
        s.days = float(w[1])
    elif w[0] == "objects":
        s.objects = int(w[1])
    elif w[0] == "user":
        s.users.append(User(int(w[1]), w[2] == "contributor", float(w[3]), int(w[4]), float(w[5])))
    else:
        t, kind = float(w[0]), w[1]
        if kind in ("online", "offline", "freeze", "depart"):
            s.events.append(Event(t, kind, user=int(w[2])))
        elif kind == "dc_down":
            s.events.append(Event(t, kind, hard_kill=w[2] == "kill9"))
        elif kind == "dc_up":
            s.events.append(Event(t, kind))
        elif kind == "upload":
            s.events.append(Event(t, kind, obj=int(w[2]), user=int(w[3]), size=int(w[4])))
        elif kind == "request":
            s.events.append(Event(t, kind, obj=int(w[2]), user=int(w[3])))
        else:
            raise ValueError(f"unknown event {kind!r}")
