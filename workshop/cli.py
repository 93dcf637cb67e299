"""The `workshop` command: analyse transcripts, compare a rewrite, check a rule pack.

Exit status: 0 all good; 1 a batch had files it could not read (the rest were
analysed); 2 the input was unusable (the message on stderr says why and what
to do). No traceback reaches the user unless WORKSHOP_DEBUG=1.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Sequence

from .files import read_user_text, user_folder, user_path, write_user_file
from .i18n import LANGUAGES, WorkshopError, band_label, format_number, t, ui_language
from .words import one_line

# What jupyter_server.auth.passwd makes (`workshop password`): argon2, or the older salted SHA.
PASSWORD_HASH = re.compile(r"argon2:\$argon2(?:id|i|d)\$\S+|sha(?:1|256|512):[0-9a-f]+:[0-9a-f]+")

# A session exported as JSON holds a transcript of 500 words, its revisions and notes: tens of KB.

# Its words (turn, findings, readability…) are the catalog's cli_* entries (workshop/locale).


def shown(value: Any) -> str:
    """A value as text output prints it: titles, names, file names and rule messages come from
    users' files, and a terminal must show them, not act on them (escapes, bidi controls)."""
    return one_line(value)


def _say(stream, message: str) -> None:
    stream.write(shown(message) + "\n")


def _word_limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return number


def _columns(value: str) -> dict[str, str]:
    """"speaker=Autor,text=Mensaje,time=Hora": which CSV column holds what (workshop.formats.tabular)."""
    from .formats.tabular import COLUMN_KINDS

    out = {}
    for part in value.split(","):
        kind, sep, column = part.partition("=")
        if not sep or kind.strip() not in COLUMN_KINDS or not column.strip():
            raise argparse.ArgumentTypeError(f"{part!r}: use KIND=COLUMN with KIND one of {', '.join(COLUMN_KINDS)}")
        out[kind.strip()] = column.strip()
    return out


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workshop", description="Rewrite Workshop: analyse contact-center transcripts (es/en).")
    p.add_argument("--ui", choices=["es", "en"], help="language of messages (default: $WORKSHOP_LANG or es)")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="findings and metrics of transcripts or folders")
    a.add_argument("paths", nargs="+", metavar="PATH")
    a.add_argument("--lang", choices=["es", "en"], help="transcript language (default: detected)")
    a.add_argument("--format", choices=["text", "json", "csv"], default="text")
    a.add_argument("--table", choices=["metrics", "findings"], default="metrics",
                   help="csv: one row per transcript (metrics) or one row per finding, with its rule ID")
    a.add_argument("--max-words", type=_word_limit, default=500, help="word limit (default 500; 0 = no limit)")
    a.add_argument("--rules", action="append", default=[], metavar="FILE", help="extra rule pack (repeatable)")
    a.add_argument("--variety", metavar="CODE",
                   help="language variety: es-MX es-AR es-CO es-ES es-US en-US en-GB en-IN en-PH "
                        "(default: the transcript's metadata, else detected)")
    a.add_argument("--all-speakers", action="store_true", help="analyse customer turns too")
    a.add_argument("--columns", type=_columns, metavar="KIND=COLUMN,…",
                   help="CSV columns, e.g. speaker=Autor,text=Mensaje,time=Hora (also end, role)")
    a.add_argument("--no-redact", action="store_true",
                   help="keep personal data (cards, phones, IDs, names…) for files already cleaned; "
                        "by default it is masked as it is read")

    c = sub.add_parser("compare", help="before/after metrics of a transcript and its rewrite")
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--lang", choices=["es", "en"])
    c.add_argument("--rules", action="append", default=[], metavar="FILE", help="extra rule pack (repeatable)")
    c.add_argument("--no-redact", action="store_true", help="keep personal data (files already cleaned)")

    r = sub.add_parser("rules", help="rule packs")
    rsub = r.add_subparsers(dest="rules_command", required=True)
    check = rsub.add_parser("check", help="validate a rule pack file")
    check.add_argument("file")

    lib = sub.add_parser("library", help="list the library's transcripts (shipped and FOLDER...), or check them")
    lib.add_argument("folders", nargs="*", metavar="FOLDER", help="a trainer's folder of transcripts")
    lib.add_argument("--check", action="store_true",
                     help="validate every file against data/schema/transcript.schema.json")
    sv = sub.add_parser("serve", help="serve the app to a team with Voilà")
    sv.add_argument("--config", metavar="FILE", help="app configuration (default: $WORKSHOP_CONFIG or the shipped one)")
    sv.add_argument("--port", type=int, default=8866)
    sv.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: this machine only)")
    sv.add_argument("--base-url", default="/", help="path prefix behind a reverse proxy, e.g. /taller/")
    sv.add_argument("--public-name", action="append", default=[], metavar="NAME",
                    help="a host name visitors use, e.g. taller.example.org (repeatable; "
                         "other names than this machine's are refused)")
    sv.add_argument("--frame-ancestor", action="append", default=[], metavar="ORIGIN",
                    help="a site that may show the app in a frame, e.g. https://lms.example.org (repeatable; "
                         "none by default)")
    sv.add_argument("--pool", type=int, default=3, help="kernels started ahead of users (default 3: a pair and a lead)")
    sv.add_argument("--max-kernels", type=int, metavar="N",
                    help="most people (browser tabs) at once, one kernel of ~110-140 MB each "
                         "(default: max_kernels in the configuration, 12)")
    sv.add_argument("--cull-idle", type=int, default=3600, metavar="SECONDS",
                    help="shut down kernels idle this long (default 3600)")
    sv.add_argument("--closed-tab-grace", type=int, default=60, metavar="SECONDS",
                    help="shut down a closed or reloaded tab's kernel this long after it left (default 60; 0: never)")
    sv.add_argument("--fill-delay", type=int, default=0, metavar="SECONDS",
                    help="wait this long before refilling the pool, one kernel at a time (default 0: at once)")
    sv.add_argument("--token", metavar="TOKEN",
                    help="the secret in the login URL (default: $WORKSHOP_TOKEN); `auto` makes a new one; "
                         "required with an --ip other than this machine's, unless --password-hash is given")
    sv.add_argument("--password-hash", metavar="HASH",
                    help="log in with a password instead (default: $WORKSHOP_PASSWORD_HASH); "
                         "make the hash with `workshop password`")

    sub.add_parser("password", help="make a password hash for workshop serve --password-hash")

    ss = sub.add_parser("sessions", help="saved workshop sessions: list, export, import")
    ss.add_argument("--data", metavar="DIR", help="sessions folder (default: $WORKSHOP_DATA or ~/.local/share/rewrite-workshop)")
    ss.add_argument("--url", metavar="URL", help="sessions store: sqlite:///path or postgresql://… "
                                                 "(default: $WORKSHOP_SESSIONS_URL, else the configuration's sessions_url)")
    ssub = ss.add_subparsers(dest="sessions_command", required=True)
    sl = ssub.add_parser("list", help="sessions, newest first")
    sl.add_argument("--agent")
    sl.add_argument("--transcript", help="transcript id")
    sl.add_argument("--since", metavar="YYYY-MM-DD")
    se = ssub.add_parser("export", help="one session as html, md or json; every session's metrics as csv")
    se.add_argument("id", nargs="?", type=int, help="session id (not needed for csv)")
    se.add_argument("--format", choices=["html", "md", "json", "csv"], default="html")
    se.add_argument("--agent", help="csv: only this agent's sessions")
    se.add_argument("--rules", action="append", default=[], metavar="FILE",
                    help="html/md: the trainer's rule packs the session was worked with (repeatable)")
    se.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    si = ssub.add_parser("import", help="a session exported as json becomes a new session")
    si.add_argument("file")
    return p


def _expand(paths: Sequence[str]) -> tuple[list[Path], bool, list[str]]:
    from .loaders import FORMATS

    files, folder, empty = [], False, []
    for raw in paths:
        path = user_path(raw)  # Path("") is the current folder: an empty argument is a mistake, not a request
        if path.is_dir():
            folder = True
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
            if not found:
                empty.append(raw)
            files.extend(found)
        else:
            files.append(path)
    return files, folder, empty


def _print_text(result, ui: str, out) -> None:
    tr = result.transcript
    m = result.metrics
    title = shown(tr.title or tr.source)
    out.write(f"== {title}  [{t('cli_lang', ui)}: {tr.language} · {t('words_count', ui, n=tr.words)} · "
              f"{t('cli_findings_count', ui, n=len(result.findings))}]\n")
    for notice in tr.notices:
        out.write(f"   ! {shown(notice.message(ui))}\n")
    if not result.findings:
        out.write(f"   {t('cli_none', ui)}\n")
    for f in result.findings:
        turn = tr.turns[f.turn]
        line = f"  {t('cli_turn', ui)} {f.turn} ({shown(turn.speaker)}) {f.category:<16} «{_short(f.text)}»"
        if f.suggestions:
            line += "  → " + " | ".join(f"«{shown(s)}»" if s else "∅" for s in f.suggestions)
        out.write(line + "\n")
        out.write(f"      {shown(f.message)}\n")
    label = f" ({band_label(m.agent.readability_band, ui)})" if m.agent.readability_band else ""
    out.write(f"   {t('cli_readability', ui)}: {format_number(m.agent.readability, ui)}{label} · {t('cli_speaking', ui)}: "
              f"{format_number(m.all.speaking_seconds, ui)} s · " + ", ".join(f"{k} {v}" for k, v in m.counts.items() if v) + "\n\n")


def _short(text: str, limit: int = 70) -> str:
    return one_line(text, limit)


def cmd_analyze(args, ui: str, out, err) -> int:
    from .engine.analyze import analyze
    from .engine.compare import findings_rows, metrics_rows
    from .files import to_csv
    from .loaders import load_file

    files, folder, empty = _expand(args.paths)
    rules = [str(user_path(p)) for p in args.rules]
    failures = 0
    for raw in empty:
        _say(err, t("cli_no_files", ui, path=raw))
        failures += 1
    batch = folder or len(files) > 1
    results = []
    iterator = files
    if folder and len(files) > 1:
        from tqdm import tqdm

        iterator = tqdm(files, file=err, unit="file", leave=False)
    speakers = "all" if args.all_speakers else "agent"
    for path in iterator:
        try:
            # 0: no word limit; the other limits stay. Any format, told apart by content (workshop.formats).
            transcript = load_file(path, lang=args.lang, max_words=args.max_words, columns=args.columns,
                                   redact=not args.no_redact)
            results.append(analyze(transcript, args.lang, ui=ui, rules=rules, speakers=speakers, variety=args.variety))
        except WorkshopError as exc:
            failures += 1
            _say(err, f"{path}: {exc.message(ui)}" if batch else exc.message(ui))
    if args.format == "json":
        data: Any = [r.to_dict() for r in results]
        if not batch and len(data) == 1:
            data = data[0]
        json.dump(data, out, ensure_ascii=False, indent=2, default=_jsonable)
        out.write("\n")
    elif args.format == "csv":
        if results:
            to_csv(metrics_rows(results) if args.table == "metrics" else findings_rows(results), out)
    else:
        for r in results:
            _print_text(r, ui, out)
    if failures:
        if batch:
            _say(err, t("cli_failed", ui, n=failures, total=len(files) + len(empty)))
            return 1
        return 2
    return 0


def _jsonable(value):
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def cmd_compare(args, ui: str, out, err) -> int:
    from .engine.analyze import analyze
    from .engine.compare import compare

    rules = [str(user_path(p)) for p in args.rules]
    before = analyze(user_path(args.before), args.lang, ui=ui, rules=rules, redact=not args.no_redact)
    after = analyze(user_path(args.after), args.lang, ui=ui, rules=rules, redact=not args.no_redact)
    table = compare(before, after, ui)
    if args.format == "json":
        records = json.loads(table.to_json(orient="records", force_ascii=False))
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(table.drop(columns=["metric"]).to_string(index=False, na_rep="—") + "\n")
    return 0


def cmd_rules(args, ui: str, out, err) -> int:
    from .i18n import t
    from .engine.examples import check_examples
    from .engine.rules import check_file

    pack = check_file(user_path(args.file))
    failures = check_examples(pack)  # every entry's flag/keep examples, run through the analysis
    for failure in failures:
        _say(err, failure.message(ui))  # example sentences are a trainer's text: printed as letters
    if failures:
        _say(err, t("rules_examples_failed", ui, file=args.file, n=len(failures)))
        return 2
    _say(out, t("rules_ok", ui, file=args.file, language=pack.language, entries=pack.count()))
    for section, entries in pack.entries.items():
        out.write(f"  {section}: {len(entries)}\n")
    return 0


def cmd_library(args, ui: str, out, err) -> int:
    from .library import check_sample, library_paths, transcripts_dir

    failed = 0
    paths = library_paths([user_folder(f) for f in args.folders])
    for path in paths:
        try:
            ours = path.parent == transcripts_dir()  # the shipped samples are listed as the library loads them
            sample = check_sample(path, schema=args.check or not ours, redact=not ours)
        except WorkshopError as error:
            failed += 1
            _say(err, error.message(ui))
            continue
        difficulty = shown(sample.metadata.get("difficulty", ""))
        out.write(f"{shown(path.name):<45} {sample.language} {shown(sample.channel):<6} {difficulty:<7} "
                  f"{sample.words:>4} {t('cli_words', ui, n=sample.words)}  {shown(sample.title)}\n")
    if failed:
        _say(err, t("cli_failed", ui, n=failed, total=len(paths)))
    return 1 if failed else 0


def login_secrets(args) -> tuple[str, str]:
    """(token, password hash) for `workshop serve`: refused beyond loopback with neither.

    Anyone who reaches an open server reads every coaching session (names, notes on performance)."""
    import secrets

    from .serve import beyond_loopback

    token = (os.environ.get("WORKSHOP_TOKEN", "") if args.token is None else args.token).strip()
    password_hash = (os.environ.get("WORKSHOP_PASSWORD_HASH", "") if args.password_hash is None
                     else args.password_hash).strip()
    if token == "auto":
        token = secrets.token_urlsafe(24)
    if token and (len(token) < 16 or any(c.isspace() or ord(c) < 32 for c in token)):
        raise WorkshopError("serve_token_weak")
    if password_hash and not PASSWORD_HASH.fullmatch(password_hash):
        raise WorkshopError("serve_password_hash")
    if beyond_loopback(args.ip) and not token and not password_hash:
        raise WorkshopError("serve_needs_login", ip=args.ip or "*")
    return token, password_hash


def cmd_password(args, ui: str, out, err) -> int:
    """Asks for a password twice and prints the hash `workshop serve --password-hash` takes."""
    import getpass

    from jupyter_server.auth.security import passwd

    first = getpass.getpass(t("password_prompt", ui))
    if len(first) < 8:
        raise WorkshopError("password_short")
    if getpass.getpass(t("password_again", ui)) != first:
        raise WorkshopError("password_mismatch")
    out.write(passwd(first) + "\n")
    return 0


def cmd_serve(args, ui: str, out, err) -> int:
    import subprocess

    from .config import ENV, config_path, is_host_name, is_origin, load_config
    from .serve import offline_template, serve_command, share_instructions

    if args.config is not None:
        user_path(args.config)  # config_path() would take "" for "not given" and serve the default
    path = config_path(args.config).resolve()
    config = load_config(path)  # a broken file is reported here, before anyone opens the page
    for name in args.public_name:
        if not is_host_name(name):
            raise WorkshopError("serve_public_name", name=name)
    public_names = tuple(dict.fromkeys([*config.public_names, *args.public_name]))
    for origin in args.frame_ancestor:
        if not is_origin(origin):
            raise WorkshopError("serve_frame_ancestor", origin=origin)
    frame_ancestors = tuple(dict.fromkeys([*config.frame_ancestors, *(o.lower() for o in args.frame_ancestor)]))
    max_kernels = config.max_kernels if args.max_kernels is None else args.max_kernels
    if max_kernels < 1:
        raise WorkshopError("serve_max_kernels", value=max_kernels)
    base_url = "/" + args.base_url.strip("/") + "/" if args.base_url.strip("/") else "/"
    token, password_hash = login_secrets(args)
    command, folder = serve_command(args.port, args.ip, base_url, args.pool, args.cull_idle, args.fill_delay,
                                    public_names, max_kernels, password_hash=password_hash, token=bool(token),
                                    frame_ancestors=frame_ancestors, closed_tab_grace=args.closed_tab_grace)
    # Both languages, the UI's first: whoever reads the console may not be whoever set WORKSHOP_LANG
    for lang in sorted(LANGUAGES, key=lambda code: code != ui):
        out.write(share_instructions(args.port, args.ip, base_url, lang, token, bool(password_hash)) + "\n")
    out.flush()
    env = {**os.environ, ENV: str(path), **offline_template()[1]}
    # The token reaches Voilà (jupyter_server's identity provider) through its environment, not its
    # command line, which every account on the machine can read.
    env.pop("JUPYTER_TOKEN", None)
    env.pop("JUPYTER_TOKEN_FILE", None)
    if token:
        env["JUPYTER_TOKEN"] = token
    if os.name == "posix":
        # Voilà takes over this process, so a stop signal (Ctrl+C, systemd, Docker, a test's
        # terminate()) reaches it and it shuts its kernels down; as a child it would be orphaned
        # with every kernel still running.
        os.chdir(folder)
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, cwd=folder, env=env)
    except KeyboardInterrupt:
        return 0


def cmd_sessions(args, ui: str, out, err) -> int:
    from . import report
    from .sessions import SessionStore, open_store

    if args.url is not None:
        store = SessionStore(url=args.url)
    elif args.data is not None:
        store = SessionStore(user_folder(args.data, must_exist=False))
    else:
        store = open_store()  # the app's own: $WORKSHOP_SESSIONS_URL, then the configuration
    store.listener = lambda notice: _say(err, notice.message(ui))  # damaged rows, as they are read
    for notice in store.notices:
        _say(err, notice.message(ui))
    if args.sessions_command == "list":
        for s in store.sessions(agent=args.agent, transcript=args.transcript, since=args.since):
            out.write(f"{s.id:>4}  {shown(s.updated[:16].replace('T', ' '))}  {shown(s.agent):<20} "
                      f"{shown(s.lead):<20} rev {s.revision:<4} {shown(s.title)}\n")
        return 0
    if args.sessions_command == "import":
        name = Path(args.file).name
        text = read_user_text(args.file, report.IMPORT_MAX_CHARS, name=name)
        session_id = report.import_json(store, text, name=name)
        out.write(f"{session_id}\n")
        return 0
    if args.format == "csv":
        text = report.export_csv(store, agent=args.agent)
    else:
        if args.id is None:
            raise WorkshopError("session_missing", id="—")
        text = report.export(store, args.id, args.format, ui=ui, rules=[str(user_path(p)) for p in args.rules])
    if args.output is not None:
        write_user_file(args.output, text)
    else:
        out.write(text)
    return 0


def main(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    ui = ui_language(args.ui)
    handler = {"analyze": cmd_analyze, "compare": cmd_compare, "rules": cmd_rules, "library": cmd_library,
               "sessions": cmd_sessions, "serve": cmd_serve, "password": cmd_password}[args.command]
    try:
        return handler(args, ui, out, err)
    except WorkshopError as exc:
        _say(err, exc.message(ui))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not bad input: say so without a traceback
        if os.environ.get("WORKSHOP_DEBUG"):
            raise
        _say(err, t("cli_internal", ui, kind=type(exc).__name__))
        return 3


def run() -> None:  # console entry point
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")
    sys.exit(main())
