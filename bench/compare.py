#!/usr/bin/env python3
"""trailhound vs DuckDB on one corpus, in one run: ingest, queries, the detection catalog.

Called by bench/run.sh, which builds the binary, installs DuckDB and generates the corpus.
Writes bench/out/results.json and prints a Markdown summary for BENCHMARKS.md.
"""
import argparse, glob, textwrap, json, os, re, shutil, statistics, subprocess, sys, time

p = argparse.ArgumentParser()
p.add_argument("--bin", required=True)
p.add_argument("--corpus", required=True)
p.add_argument("--out", required=True)
p.add_argument("--runs", type=int, default=3)
p.add_argument("--phases", default="ingest,queries,catalog", help="comma-separated subset to (re)measure")
args = p.parse_args()
PY = sys.executable
OUT = os.path.abspath(args.out)
CORPUS = os.path.abspath(args.corpus)
truth = json.load(open(os.path.join(CORPUS, "scenarios.truth.json")))
RECORDS = truth["unique_events"] + truth["duplicate_records"]
GZIP_BYTES = sum(os.path.getsize(f) for f in glob.glob(f"{CORPUS}/**/*.json.gz", recursive=True))
KEY = truth["scenarios"][0]["access_key"]


def timed(cmd):
    """Wall seconds and peak RSS (MiB) of a command, via GNU time. Only `hunt` may exit 1
    (findings); any other failure stops the benchmark instead of timing an error."""
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t
    if r.returncode != 0 and not (r.returncode == 1 and "hunt" in cmd):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
    return secs, rss, r.stdout


def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def median_runs(make_cmd, before=None):
    results = []
    for _ in range(args.runs):
        if before:
            before()
        results.append(timed(make_cmd()))
    secs = statistics.median(r[0] for r in results)
    rss = statistics.median(r[1] for r in results)
    return secs, rss, [round(r[0], 3) for r in results]


PHASES = set(args.phases.split(","))
RESULTS = f"{OUT}/results.json"
res = json.load(open(RESULTS)) if os.path.exists(RESULTS) else {}
res.update({"records": RECORDS, "gzip_bytes": GZIP_BYTES})


def save():
    json.dump(res, open(RESULTS, "w"), indent=2)


# --- ingest -------------------------------------------------------------------------------
LAKE = f"{OUT}/th.lake"
DUCK_PARQUET = f"{OUT}/duck.parquet"
if "ingest" in PHASES:
  secs, rss, all_runs = median_runs(lambda: [args.bin, "ingest", CORPUS, "--lake", LAKE, "--quiet"],
                                    before=lambda: shutil.rmtree(LAKE, ignore_errors=True))
  res["th_ingest"] = {"secs": secs, "rss_mib": rss, "runs": all_runs, "events_per_s": RECORDS / secs,
                      "lake_bytes": du(LAKE)}

  duck_ingest = textwrap.dedent(f"""
  import duckdb
  con = duckdb.connect()
  con.execute("SET threads = {os.cpu_count()}")
  con.execute(\"\"\"COPY (SELECT r.* FROM (SELECT unnest(Records) AS r
      FROM read_json('{CORPUS}/**/*.json.gz', maximum_object_size = 1073741824, maximum_depth = 3)))
      TO '{DUCK_PARQUET}' (FORMAT parquet, COMPRESSION zstd)\"\"\")
  """)
  secs, rss, all_runs = median_runs(lambda: [PY, "-c", duck_ingest],
                                    before=lambda: os.path.exists(DUCK_PARQUET) and os.remove(DUCK_PARQUET))
  res["duck_ingest"] = {"secs": secs, "rss_mib": rss, "runs": all_runs, "events_per_s": RECORDS / secs,
                          "parquet_bytes": os.path.getsize(DUCK_PARQUET),
                        "rows": int(subprocess.run([PY, "-c", f"import duckdb; print(duckdb.sql(\"SELECT count(*) FROM '{DUCK_PARQUET}'\").fetchall()[0][0])"], capture_output=True, text=True).stdout)}
  duck_types = subprocess.run([PY, "-c", f"import duckdb; print(duckdb.sql(\"SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM '{DUCK_PARQUET}')\").fetchall())"],
                              capture_output=True, text=True).stdout
  res["duck_schema"] = duck_types.strip()[:4000]

  save()

# --- representative queries ---------------------------------------------------------------
QUERIES = [
    ("top event names",
     "SELECT eventname, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
     "SELECT eventName, count(*) FROM t GROUP BY 1 ORDER BY 2 DESC LIMIT 10"),
    ("pivot on an access key",
     f"SELECT eventtime, eventname, sourceipaddress FROM cloudtrail WHERE useridentity.accesskeyid = '{KEY}' ORDER BY eventtime",
     f"SELECT eventTime, eventName, sourceIPAddress FROM t WHERE accessKeyId = '{KEY}' ORDER BY eventTime"),
    ("buckets read from one IP (JSON field)",
     "SELECT json_extract_scalar(requestparameters, '$.bucketName') AS b, count(*) FROM cloudtrail WHERE eventname = 'GetObject' AND sourceipaddress = '203.0.113.66' GROUP BY 1",
     "SELECT json_extract_string(requestParameters, '$.bucketName') AS b, count(*) FROM t WHERE eventName = 'GetObject' AND sourceIPAddress = '203.0.113.66' GROUP BY 1"),
    ("denied calls by principal",
     "SELECT useridentity.arn, count(*) FROM cloudtrail WHERE errorcode = 'AccessDenied' GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
     "SELECT arn, count(*) FROM t WHERE errorCode = 'AccessDenied' GROUP BY 1 ORDER BY 2 DESC LIMIT 10"),
    ("one hour in one region",
     "SELECT count(*) FROM cloudtrail WHERE eventtime BETWEEN '2024-05-02T13:00:00Z' AND '2024-05-02T14:00:00Z' AND awsregion = 'us-east-1'",
     "SELECT count(*) FROM t WHERE eventTime BETWEEN TIMESTAMP '2024-05-02 13:00:00' AND TIMESTAMP '2024-05-02 14:00:00' AND awsRegion = 'us-east-1'"),
]
# DuckDB's auto-detected schema cannot hold these logs beyond depth 3 (responseElements differ per
# API and the read fails), so its columns are JSON; this view gives the queries typed columns.
DUCK_VIEW = ("eventName->>'$' AS eventName, eventSource->>'$' AS eventSource, sourceIPAddress->>'$' AS sourceIPAddress, "
             "errorCode->>'$' AS errorCode, awsRegion->>'$' AS awsRegion, CAST(eventTime->>'$' AS TIMESTAMP) AS eventTime, "
             "userIdentity->>'$.accessKeyId' AS accessKeyId, userIdentity->>'$.arn' AS arn, requestParameters")
if "queries" in PHASES:
  res["queries"] = []
  for name, th_sql, duck_sql in QUERIES:
      th, _, th_runs = median_runs(lambda: [args.bin, "query", "--lake", LAKE, "--format", "csv", th_sql])
      script = f"import duckdb; duckdb.sql(\"CREATE VIEW t AS SELECT {DUCK_VIEW} FROM '{DUCK_PARQUET}'\"); duckdb.sql({duck_sql!r}).fetchall()"
      dk, _, dk_runs = median_runs(lambda: [PY, "-c", script])
      res["queries"].append({"name": name, "th_secs": th, "duck_secs": dk, "th_runs": th_runs, "duck_runs": dk_runs})

  save()

# --- the catalog --------------------------------------------------------------------------
if "catalog" in PHASES:
  hunt_secs, hunt_rss, hunt_runs = median_runs(lambda: [args.bin, "hunt", "--lake", LAKE, "--quiet", "--format", "json", "--output", f"{OUT}/hunt.json"])
  hunt = json.load(open(f"{OUT}/hunt.json"))
  res["th_hunt"] = {"secs": hunt_secs, "rss_mib": hunt_rss, "runs": hunt_runs, "detections": hunt["detections_run"],
                    "findings": hunt["findings"], "errors": hunt["errors"]}

  # The same catalog SQL in DuckDB over trailhound's lake, with macros for the functions that
  # differ. Detections DuckDB cannot run unchanged are counted, not hidden.
  catalog = []
  for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "queries", "*", "*.sql"))):
      text = open(path).read()
      params = {}
      for m in re.finditer(r"^-- param:\s*(\w+)\s*=\s*([^;\n]*)", text, re.M):
          v = m.group(2).strip().strip("'")
          params[m.group(1)] = int(v) if re.fullmatch(r"-?\d+", v) else v
      catalog.append((os.path.basename(path)[:-4], text, params))
  duck_catalog = textwrap.dedent(f"""
  import duckdb, json, sys, time
  con = duckdb.connect()
  con.execute("SET threads = {os.cpu_count()}")
  con.execute("CREATE VIEW cloudtrail AS SELECT * FROM read_parquet('{LAKE}/cloudtrail/**/*.parquet', hive_partitioning = true, hive_types_autocast = false)")
  con.execute("CREATE VIEW cloudtrail_logs AS SELECT * FROM cloudtrail")
  con.execute("CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)")
  con.execute("CREATE MACRO json_get_str(j, k) AS json_extract_string(j, '$.' || k)")
  con.execute("CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)")
  catalog = json.load(sys.stdin)
  ok, failed, total = [], [], 0.0
  import threading
  for ident, sql, params in catalog:
      used = {{k: v for k, v in params.items() if '$' + k in sql}}
      t = time.perf_counter()
      # A query still running after 60 s is interrupted and counted as failed (timed out).
      timer = threading.Timer(60, con.interrupt)
      timer.start()
      try:
          con.execute(sql, used).fetchall()
          ok.append(ident)
          total += time.perf_counter() - t
      except Exception as e:
          failed.append((ident, str(e).splitlines()[0][:160]))
      finally:
          timer.cancel()
  print(json.dumps({{"ok": ok, "failed": failed, "secs": total}}))
  """)
  r = subprocess.run([PY, "-c", duck_catalog], input=json.dumps(catalog), capture_output=True, text=True)
  duck = json.loads(r.stdout) if r.returncode == 0 else {"ok": [], "failed": [("all", r.stderr[-500:])], "secs": 0}
  res["duck_catalog"] = {"ran": len(duck["ok"]), "failed": len(duck["failed"]), "secs_for_those": duck["secs"],
                         "failures": duck["failed"][:20]}
  if duck["ok"]:
      only = sum((["--only", i] for i in duck["ok"]), [])
      subset, _, subset_runs = median_runs(lambda: [args.bin, "hunt", "--lake", LAKE, "--quiet", "--format", "json", "--output", "/dev/null"] + only)
      res["th_catalog_subset"] = {"secs": subset, "runs": subset_runs}

  save()

save()

# --- summary ------------------------------------------------------------------------------
ti, di = res["th_ingest"], res["duck_ingest"]
print(f"\n## Ingest ({RECORDS:,} records, {GZIP_BYTES / 1e6:.0f} MB gzip; median of {args.runs})\n")
print("| | wall s | events/s | peak RSS MiB | output MB |\n|---|---|---|---|---|")
print(f"| trailhound ingest | {ti['secs']:.2f} | {ti['events_per_s']:,.0f} | {ti['rss_mib']:.0f} | {ti['lake_bytes'] / 1e6:.0f} (lake, with verbatim records) |")
print(f"| DuckDB read_json (maximum_depth = 3) → Parquet | {di['secs']:.2f} | {di['events_per_s']:,.0f} | {di['rss_mib']:.0f} | {di['parquet_bytes'] / 1e6:.0f} |")
print(f"\nratio: trailhound ingests at {ti['events_per_s'] / di['events_per_s']:.2f}x DuckDB's events/s, with {ti['rss_mib'] / di['rss_mib']:.2f}x its memory; lake = {ti['lake_bytes'] / GZIP_BYTES:.2f}x the gzip input\n")
print("## Queries (wall time of one CLI/process run, median)\n\n| query | trailhound s | DuckDB s | ratio |\n|---|---|---|---|")
for q in res["queries"]:
    print(f"| {q['name']} | {q['th_secs']:.3f} | {q['duck_secs']:.3f} | {q['duck_secs'] / q['th_secs']:.2f}x |")
h = res["th_hunt"]
print(f"\n## Detection catalog\n\ntrailhound hunt: {h['detections']} detections in {h['secs']:.2f} s (median), peak RSS {h['rss_mib']:.0f} MiB, {h['findings']} findings, {h['errors']} errors")
dc = res["duck_catalog"]
print(f"DuckDB ran {dc['ran']} of {dc['ran'] + dc['failed']} catalog queries unchanged (with 3 macros) in {dc['secs_for_those']:.2f} s (query time only, in-process)")
if "th_catalog_subset" in res:
    print(f"trailhound on that same subset: {res['th_catalog_subset']['secs']:.2f} s (whole process)")
