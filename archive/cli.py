"""The `archive` command: a thin click layer over archive.store, archive.ingesting and archive.search."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys

import click

from archive.db import default_path
from ingest.readers import FORMATS


def _remember_db(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta["archive.db"] = value  # for the error line of ArchiveGroup (meta is shared by subcommands)
    return value


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=default_path,
    show_default="$ARCHIVE_DB or archive.db",
    help="The archive database file.",
    callback=_remember_db,
)


class ArchiveGroup(click.Group):
    """The commands, where a problem with the archive's file or disk (archive.errors: not an
    archive, newer than this code, read-only, a full disk) ends the command with one line, exit 1."""

    def invoke(self, ctx: click.Context):
        from archive.errors import storage_problem

        try:
            return super().invoke(ctx)
        except Exception as exc:
            problem = storage_problem(exc, ctx.meta.get("archive.db"))
            if problem is None:
                raise
            click.echo(f"Error: {problem}", err=True)
            ctx.exit(1)


def _scheduler_address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--scheduler checked at once (a bad address would cost Dask's 30 s of retries first)."""
    if value is None:
        return None
    from archive.distributed import address_problem

    problem = address_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="news-archive")
def cli() -> None:
    """A news archive: articles -> paragraphs, quotes and entities in SQLite, published with Datasette."""


@cli.command()
@db_option
def init(db_path: str) -> None:
    """Create the database, or migrate it to the latest schema."""
    from archive.db import current_revision, migrate

    migrate(db_path)
    click.echo(f"{db_path}: schema at revision {current_revision(db_path)}")


def _progress(total: int | None, label: str):
    from tqdm import tqdm

    # tqdm's disable=None: a bar on a terminal, silence when stderr is a pipe or a file.
    return tqdm(total=total, desc=label, unit="article", disable=None, file=sys.stderr, leave=False)


def _summary(counts) -> None:
    """added, updated, unchanged (already in the archive), duplicates (copies of an article read
    earlier in the same run) and skipped (records that are not articles) when there are any, failed."""
    parts = [f"added {counts.added}", f"updated {counts.updated}", f"unchanged {counts.unchanged}"]
    if counts.duplicates:
        parts.append(f"duplicates {counts.duplicates}")
    if counts.skipped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in counts.skipped_reasons.most_common())
        parts.append(f"skipped {counts.skipped} ({reasons})")
    parts.append(f"failed {counts.failed}")
    click.echo(", ".join(parts))
    for origin, message in counts.failures:
        click.echo(f"failed: {origin}: {message}")


def _passed_over(run) -> None:
    """--verbose: each input not stored because its text is there already, and where from."""
    from archive.store import DUPLICATE

    for origin, outcome, first in run.passed_over:
        if outcome == DUPLICATE:
            click.echo(f"duplicate: {origin}: the same text as {first}, read earlier in this run")
        else:
            click.echo(f"unchanged: {origin}: already in the archive (from {first})")


def _columns(ctx, param, value):
    from ingest.readers.fields import ColumnsError, parse_columns

    try:
        return parse_columns(value) or None
    except ColumnsError as exc:
        raise click.BadParameter(str(exc)) from exc


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="How to read the inputs; auto goes by extension, then content.",
)
@click.option(
    "--columns",
    callback=_columns,
    metavar="PART=COLUMN,...",
    help="Which CSV/TSV column holds which part of an article, when its name is not a usual one"
    " (e.g. text=story_body,title=hed); parts: text, title, url, published, source, byline, language.",
)
@click.option(
    "--verbose", "-v", is_flag=True, help="List each input not stored because its text is in the archive already."
)
@click.option("--source", help="Source name for every article read (default: from metadata or the URL's domain).")
@click.option("--title", help="Title for every article read.")
@click.option("--url", help="URL for every article read.")
@click.option("--published", help="Publication date (ISO 8601) for every article read.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes running the language pipeline (with --no-nlp or --scheduler: processes in"
    " all, one storing, the others preparing files).",
)
@click.option("--no-nlp", is_flag=True, help="Store text and paragraphs only; `archive reprocess` adds the rest.")
@click.option(
    "--commit-every",
    type=click.IntRange(1, 100_000),
    default=200,
    show_default=True,
    help="With --no-nlp, articles stored per commit (each still atomic on its own).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    callback=_scheduler_address,
    help="Run the language pipeline on a Dask cluster (e.g. tcp://10.0.0.5:8786); needs news-archive[dask].",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Fetch URLs on addresses that are not public (loopback, private networks, link-local); refused by default.",
)
@click.option(
    "--fetch-timeout",
    type=click.FloatRange(min=0, min_open=True, max=86_400),
    default=60,
    show_default=True,
    help="Seconds allowed for fetching one URL, redirects included.",
)
def ingest(
    inputs,
    db_path,
    fmt,
    columns,
    verbose,
    source,
    title,
    url,
    published,
    jobs,
    no_nlp,
    commit_every,
    scheduler,
    allow_private,
    fetch_timeout,
) -> None:
    """Ingest files, folders (recursive), http(s) URLs or - for stdin.

    Exit status 0 when every input was stored or already there, 1 when some failed.
    """
    from archive import ingesting
    from archive.ingesting import Ingest, Job, Overrides
    from archive.store import Archive
    from ingest.readers import Fetching, iter_paths, records_in

    if url is not None and (len(inputs) != 1 or os.path.isdir(inputs[0])):
        raise click.UsageError("--url names one article: give it with one input (a file, a URL or -), not several")

    # A total (and so an ETA) when every input's records are cheap to count: files of one article,
    # CSV files; feeds and WARC files count as they go.
    total: int | None = 0
    for path in iter_paths(inputs):
        records = None if path == "-" or "://" in path else records_in(path, fmt)
        if records is None:
            total = None
            break
        total += records
    job = Job(
        inputs=list(inputs),
        fmt=fmt,
        nlp=not no_nlp,
        jobs=jobs,
        scheduler=scheduler,
        commit_every=commit_every,
        overrides=Overrides(title=title, url=url, published_at=published, source=source),
        columns=columns,
        verbose=verbose,
        fetching=Fetching(allow_private=allow_private, timeout=fetch_timeout),
    )
    with Archive(db_path) as archive, _progress(total, "ingest") as bar:
        run = Ingest(archive, job, on_item=lambda origin, outcome: bar.update(1))
        with _run_errors(run.counts, db_path):
            counts = run.run()
    _summary(counts)
    _passed_over(run)
    for origin, language in run.not_english:
        click.echo(f"note: {origin}: stored without quotes and entities (language {language}, not English)")
    for origin, length in run.too_long:
        click.echo(
            f"note: {origin}: stored without quotes and entities ({length:,} characters,"
            f" over the {ingesting.MAX_NLP_CHARS:,} the language pipeline takes)"
        )
    sys.exit(1 if counts.failed else 0)


@cli.command()
@db_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes running the language pipeline.",
)
@click.option("--all", "everything", is_flag=True, help="Reprocess every article, not only stale ones.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    callback=_scheduler_address,
    help="Run the language pipeline on a Dask cluster (e.g. tcp://10.0.0.5:8786); needs news-archive[dask].",
)
@click.option(
    "--stories",
    is_flag=True,
    help="Instead, rebuild stories and quote clusters for the whole archive (after the grouping rules change).",
)
def reprocess(db_path, jobs, everything, scheduler, stories) -> None:
    """Run the language pipeline again on articles processed by an older version (or none)."""
    from archive.ingesting import reprocess as run
    from archive.store import Archive, Counts

    _require(db_path)
    if stories:
        from archive.regrouping import regroup

        with Archive(db_path) as archive, _progress(None, "regroup") as bar:
            seen = regroup(archive, on_item=lambda article_id: bar.update(1))
        click.echo(f"regrouped {seen} articles: {_count_groups(db_path)}")
        return
    with Archive(db_path) as archive, _progress(None, "reprocess") as bar, _run_errors(Counts(), db_path):
        counts = run(
            archive, jobs=jobs, force=everything, scheduler=scheduler, on_item=lambda origin, outcome: bar.update(1)
        )
    _summary(counts)
    sys.exit(1 if counts.failed else 0)


def _count_groups(db_path: str) -> str:
    conn = _read_only(db_path)
    try:
        found = {
            table: conn.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("stories", "quote_clusters")
        }
    finally:
        conn.close()
    return f"{found['stories']} stories, {found['quote_clusters']} quote clusters"


@contextlib.contextmanager
def _run_errors(counts, db_path: str):
    """A Dask scheduler that goes away, or a problem with the archive's file or disk (a full disk, a
    read-only file), ends the command with the summary of what was stored and one line (exit 1);
    what was stored stays, and running the command again completes the archive.
    archive.distributed imports Dask only when --scheduler is given."""
    from archive.distributed import SchedulerError
    from archive.errors import storage_problem

    try:
        yield
    except SchedulerError as exc:
        _summary(counts)
        click.echo(f"Error: {exc}. Articles stored so far are kept; run the command again to finish.", err=True)
        sys.exit(1)
    except Exception as exc:
        problem = storage_problem(exc, db_path)
        if problem is None:
            raise
        _summary(counts)
        click.echo(f"Error: {problem}", err=True)
        sys.exit(1)


def _require(db_path: str) -> None:
    """An archive this code can read at `db_path`: a usage error when there is none, an ArchiveError
    when the file is not one or is newer than this code."""
    from archive.db import check_archive

    if not os.path.exists(db_path):
        raise click.UsageError(f"no archive at {db_path} (run `archive ingest` or `archive init` first)")
    check_archive(db_path)


def _read_only(db_path: str) -> sqlite3.Connection:
    _require(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


@cli.command()
@click.argument("query")
@db_option
@click.option(
    "--in",
    "where",
    type=click.Choice(["paragraphs", "quotes", "articles", "all"]),
    default="all",
    show_default=True,
    help="What to search: paragraphs, quotes (their words, not their speaker), article titles and texts, or all.",
)
@click.option("--speaker", help="Only this speaker's quotes (full name, surname, or as written: police).")
@click.option("--entity", help="Only articles that mention this entity (its full name).")
@click.option("--source", help="Only articles from this source (name or domain).")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option(
    "--until", help="Only articles published on or before this date (YYYY-MM-DD, YYYY-MM or YYYY, inclusive)."
)
@click.option("--language", help="Only articles in this language (a code such as en).")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    default="relevance",
    show_default=True,
    help="Best matches first, or by publication date (undated articles last).",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="How many results to print.")
@click.option("--all-copies", is_flag=True, help="Show every copy of a story, not only its best-ranked version.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, highlights as <mark> in `snippet_html`.")
def search(
    query, db_path, where, speaker, entity, source, since, until, language, sort, limit, all_copies, as_json
) -> None:
    """Ranked, highlighted search: words, "phrases", prefix*, -excluded or NOT, AND, OR, (groups), NEAR(a b, 10).

    Exit status 2, with a message, for filters that cannot be used (a date that is no date).
    """
    from archive.search import Filters, Request, highlight_html, highlight_text, run

    request = Request(
        query,
        where,
        Filters(speaker, entity, source, since, until, language),
        sort,
        size=limit,
        collapse=not all_copies,
    )
    if request.errors():
        raise click.UsageError("; ".join(request.errors()))
    conn = _read_only(db_path)
    try:
        result = run(conn, request)
    finally:
        conn.close()
    rows = result.rows
    if as_json:
        for row in rows:
            row["snippet_html"] = highlight_html(row["snippet"])
            row["snippet"] = highlight_text(row["snippet"], "", "")
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if not rows:
        click.echo("no results")
        return
    bold = sys.stdout.isatty()
    for row in rows:
        head = f"{row['kind']} · {row['title'] or '(untitled)'}"
        head += f" · {row['published_at'][:10]}" if row["published_at"] else " · undated"
        if row["speaker"]:
            head += f" · {row['speaker']}"
        if row.get("versions", 1) > 1:
            head += f" · {row['versions']} versions"
        click.echo(click.style(head, bold=True) if bold else head)
        start, end = ("\033[1;33m", "\033[0m") if bold else ("[", "]")
        click.echo("  " + highlight_text(row["snippet"], start, end).replace("\n", " "))
    total = f"more than {result.total:,}" if not result.complete else f"{result.total:,}"
    click.echo(f"{len(rows)} of {total} results", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--immutable",
    "snapshot_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Serve this snapshot (from `archive snapshot`) immutably, with its inspect file, instead of --db.",
)
@click.option(
    "--public",
    is_flag=True,
    help="For open deployments: pages, canned queries and search only, no arbitrary SQL, no downloads.",
)
def serve(db_path, host, port, snapshot_path, public) -> None:
    """Publish the archive with Datasette: metadata, canned queries, pages and ranked search."""
    from archive.db import check_archive
    from archive.publish.serve import serve as run

    if snapshot_path:
        check_archive(snapshot_path)
        run(snapshot_path, host=host, port=port, immutable=True, public=public)
        return
    _require(db_path)
    run(db_path, host=host, port=port, public=public)


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False))
@db_option
def snapshot(out, db_path) -> None:
    """Write a consistent, optimised copy of the archive for read replicas (safe while ingesting).

    Beside it goes OUT's `datasette inspect` file; serve it with `archive serve --immutable OUT`.
    """
    from archive.snapshot import inspect_path
    from archive.snapshot import snapshot as take

    _require(db_path)
    try:
        path = take(db_path, out)
    except FileExistsError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"{path} (inspect file {inspect_path(path)})")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
def stats(db_path, as_json) -> None:
    """Counts of articles, paragraphs, quotes, entities and errors."""
    from archive.store import Archive

    _require(db_path)
    with Archive(db_path) as archive:
        counts = archive.stats()
    if as_json:
        click.echo(json.dumps(counts))
    else:
        for name, value in counts.items():
            click.echo(f"{name:<12}{value:>10,}")


@cli.group()
def entities() -> None:
    """People's corrections of entity identity, kept in the archive and honoured by every later
    ingest and reprocess; `list` shows entities and, with --suspect, likely duplicates."""


@contextlib.contextmanager
def _correcting(db_path: str):
    """The archive's writer in one transaction; a correction that cannot be made is a usage error."""
    from archive.entities import EntityError
    from archive.store import Archive

    _require(db_path)
    with Archive(db_path) as archive:  # migrated first: an archive from before entity_names gets it
        try:
            with archive.writer.transaction() as db:
                yield db
        except EntityError as exc:
            raise click.UsageError(str(exc)) from exc


@contextlib.contextmanager
def _reading_entities(db_path: str):
    """A read-only connection to an archive whose schema has entity names (else a clear error)."""
    conn = _read_only(db_path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_names'").fetchone():
            raise click.ClickException(f"{db_path} predates entity names: run `archive init --db {db_path}` first")
        yield conn
    finally:
        conn.close()


@entities.command("merge")
@click.argument("source")
@click.argument("into")
@db_option
def entities_merge(source, into, db_path) -> None:
    """SOURCE is the same as the entity INTO: its mentions and quotes move there, now and in every
    later run. Give an entity as `Name` or `Name (TYPE)`; SOURCE may also be a name articles give."""
    from archive.entities import merge

    with _correcting(db_path) as db:
        click.echo(merge(db, source, into).message)


@entities.command("rename")
@click.argument("entity")
@click.argument("new_name")
@db_option
def entities_rename(entity, new_name, db_path) -> None:
    """Call ENTITY NEW_NAME (an entity of that name and type already there: the two become one)."""
    from archive.entities import rename

    with _correcting(db_path) as db:
        click.echo(rename(db, entity, new_name).message)


@entities.command("split")
@click.argument("name")
@db_option
def entities_split(name, db_path) -> None:
    """The name NAME, as articles give it, stands for an entity of its own: out of the entity it was
    merged into, never linked again. `Name (TYPE)` splits one type of a name off its others."""
    from archive.entities import split

    with _correcting(db_path) as db:
        click.echo(split(db, name).message)


@entities.command("undo")
@click.argument("correction_id", type=int)
@db_option
def entities_undo(correction_id, db_path) -> None:
    """Withdraw the correction CORRECTION_ID (see `archive entities corrections`)."""
    from archive.entities import undo

    with _correcting(db_path) as db:
        click.echo(undo(db, correction_id).message)


@entities.command("corrections")
@db_option
@click.option("--json", "as_json", is_flag=True)
def entities_corrections(db_path, as_json) -> None:
    """The corrections made, oldest first."""
    from archive.entities import corrections

    with _reading_entities(db_path) as conn:
        rows = corrections(conn)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no corrections")
    for r in rows:
        what = f"{r['name']} ({r['type']})" if r["type"] else r["name"]
        to = f" -> {r['to_name']} ({r['to_type']})" if r["to_name"] else ""
        click.echo(f"{r['id']:>4}  {r['action']:<6} {what}{to}  [{r['created_at']}]")


@entities.command("list")
@db_option
@click.option("--type", "type_", help="Only entities of this type (PERSON, ORG, GPE, ...).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option(
    "--suspect", is_flag=True, help="Instead, likely duplicates to review, with the command that merges them."
)
@click.option("--json", "as_json", is_flag=True)
def entities_list(db_path, type_, limit, suspect, as_json) -> None:
    """Entities by number of mentions, with their quotes and the other names articles give them."""
    from archive.entities import listing, suspects

    with _reading_entities(db_path) as conn:
        if suspect:
            found = suspects(conn, limit)
        else:
            rows = listing(conn, type_.upper() if type_ else None, limit)
    if suspect:
        if as_json:
            click.echo(
                json.dumps(
                    [
                        {
                            "entity": s.entity.label,
                            "mentions": s.entity.mentions,
                            "others": [{"entity": o.label, "mentions": o.mentions} for o in s.others],
                            "reason": s.reason,
                        }
                        for s in found
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not found:
            click.echo("no likely duplicates")
        for s in found:
            others = ", ".join(f"{o.label} {o.mentions}" for o in s.others)
            click.echo(f"{s.entity.label} {s.entity.mentions} ~ {others}: {s.reason}")
            click.echo(f'    archive entities merge "{s.entity.label}" "{s.others[0].label}"')
        return
    if as_json:
        click.echo(json.dumps([vars(r) for r in rows], ensure_ascii=False, indent=2))
        return
    for r in rows:
        also = f"  also: {', '.join(r.names)}" if r.names else ""
        click.echo(f"{r.id:>7}  {r.label:<40} {r.mentions:>6} mentions {r.quotes:>5} quotes{also}")


@cli.command()
@click.argument("gold", type=click.Path(exists=True, file_okay=False))
@click.option("--keep", "keep_db", type=click.Path(dir_okay=False), help="Build the scored archive here and keep it.")
@click.option("-v", "--verbose", is_flag=True, help="List every missed and extra quote, wrong speaker and entity.")
@click.option("--by-rule", is_flag=True, help="Also show, per attribution rule, how often its speaker is right.")
def quality(gold, keep_db, verbose, by_rule) -> None:
    """Score who said what, entities and paragraphs against a folder of gold JSON files.

    The gold articles are ingested into a fresh archive (temporary unless --keep) and read back
    through the public schema; the last line is the SUMMARY.
    """
    import tempfile

    from archive.quality import load_gold, score

    golds = load_gold(gold)
    if not golds:
        raise click.UsageError(f"no gold files (*.json) in {gold}")
    missing = [str(g.path) for g in golds if not g.path.exists()]
    if missing:
        raise click.UsageError(f"gold names articles that are not there: {', '.join(missing[:3])}")
    with tempfile.TemporaryDirectory(prefix="archive-quality-") as tmp:
        db_path = keep_db or os.path.join(tmp, "archive.db")
        if keep_db and os.path.exists(keep_db):
            raise click.UsageError(f"{keep_db} exists; --keep builds a new archive")
        counts = _ingest_quietly(db_path, [str(g.path) for g in golds])
        for origin, message in counts.failures:
            click.echo(f"failed: {origin}: {message}")
        conn = sqlite3.connect(db_path)
        try:
            report = score(conn, golds, verbose)
        finally:
            conn.close()
    for line in report.details + (report.rule_lines() if by_rule else []) + report.lines():
        click.echo(line)


def _ingest_quietly(db_path: str, paths: list[str]):
    """Ingest files with the language pipeline in this process: what `quality` scores."""
    from archive.ingesting import Ingest, Job, Overrides
    from archive.store import Archive

    job = Job(inputs=paths, fmt="auto", nlp=True, jobs=1, scheduler=None, commit_every=200, overrides=Overrides())
    with Archive(db_path) as archive:
        return Ingest(archive, job).run()


if __name__ == "__main__":  # pragma: no cover
    cli()
