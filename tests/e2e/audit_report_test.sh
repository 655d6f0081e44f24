#!/usr/bin/env bash
# The audit workbook (audit.xlsx) of a real sync on sample-data, as LibreOffice reads it: every
# sheet converted to CSV and checked row for row against the run's users.jsonl and summary.json
# (the Changes rows derived from each user's result, a row per user, the groups' counts, the
# summary's figures), the sheets in their order, and no spool file left in the report folder.
source "$(dirname "$0")/lib.sh"
command -v soffice >/dev/null || fail "soffice not found (run scripts/install-test-tools)"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
r="$work/sync"

run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z --report-dir "$r"
[ -s "$r/audit.xlsx" ] || fail "sync wrote no audit.xlsx; the report folder has: $(ls -A "$r")"
[ -z "$(find "$r" -name '*.spool')" ] || fail "spool files left in the report folder: $(ls -A "$r")"

# Filter options: comma, double quote, UTF-8, from line 1; the 12th token, -1, writes every sheet
# to its own file, audit-<Sheet>.csv (LibreOffice 7.2 and later).
mkdir -p "$work/csv"
soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir "$work/csv" "$r/audit.xlsx" >"$work/soffice.log" 2>&1 || fail "soffice: $(cat "$work/soffice.log")"
for sheet in Summary Changes Users Groups Conflicts Errors; do
  [ -s "$work/csv/audit-$sheet.csv" ] || fail "LibreOffice found no $sheet sheet: $(cat "$work/soffice.log")"
done

python3 - "$r" "$work/csv" <<'PY' || fail "the audit workbook differs from the run's results (above)"
import csv, json, re, sys, zipfile
report, folder = sys.argv[1], sys.argv[2]
problems = []

def check(what, got, want):
    if got != want:
        problems.append(f"{what}:\n  got  {got!r}\n  want {want!r}")

def sheet(name):
    with open(f"{folder}/audit-{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.reader(f))

summary = json.load(open(f"{report}/summary.json", encoding="utf-8"))
users = [json.loads(line) for line in open(f"{report}/users.jsonl", encoding="utf-8")]

# The sheets, in order (workbook.xml lists them as the workbook shows them).
workbook = zipfile.ZipFile(f"{report}/audit.xlsx").read("xl/workbook.xml").decode()
check("sheets", re.findall(r'<sheet name="([^"]*)"', workbook),
      ["Summary", "Changes", "Users", "Groups", "Conflicts", "Errors"])

# Changes: each user's rows as the issue derives them, in plan order within a user.
plan_order = ["group_create", "user_create", "user_rename", "user_update", "user_reactivate",
              "membership_add", "membership_remove", "user_deactivate", "user_delete"]
# from and to are values: booleans and dates as LibreOffice shows those cells.
def shown(v):
    if v is None:
        return ""
    if v in ("true", "false"):
        return v.upper()
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)Z", v)
    return f"{m[1]} {m[2]}" if m else v
want = []
for u in users:
    reasons = "; ".join(u["reasons"])
    policy = "; ".join(p["policy"] for p in u["policies"])
    corrections = u["groups"].get("corrections", {})
    rows = []
    for c in u["changes"]:
        if u["action"] == "create" or (u["before"] is None and u["after"] is not None):
            kind = "user_create"
        elif c["attribute"] == "username":
            kind = "user_rename"
        elif c["attribute"] == "active":
            kind = "user_reactivate" if c["to"] == "true" else "user_deactivate"
        else:
            kind = "user_update"
        rows.append([u["username"], kind, "", c["attribute"], shown(c["from"]), shown(c["to"]), reasons, policy,
                     str(c.get("correction", ""))])
    if u["action"] == "create" and not u["changes"]:
        rows.append([u["username"], "user_create", "", "", "", "", reasons, policy, ""])
    if u["action"] == "delete" and not u["changes"]:
        rows.append([u["username"], "user_delete", "", "", "", "", reasons, policy, ""])
    for key, kind in (("added", "membership_add"), ("removed", "membership_remove")):
        for g in u["groups"][key]:
            rows.append([u["username"], kind, g, "", "", "", reasons, policy, str(corrections.get(g, ""))])
    rows.sort(key=lambda row: plan_order.index(row[1]))
    want += [row + ["applied"] for row in rows]
changes = sheet("Changes")
check("Changes header", changes[0],
      ["user", "kind", "group", "attribute", "from", "to", "reasons", "policy", "correction", "outcome"])
check("Changes row count", len(changes) - 1, len(want))
for i, (got, row) in enumerate(zip(changes[1:], want)):
    check(f"Changes row {i + 2}", got, row)
# Every kind but the creates (a row per attribute) counts as the plan does.
for kind, count in summary["changes"].items():
    if kind not in ("user_create", "group_create"):
        check(f"Changes rows of {kind}", sum(1 for row in changes[1:] if row[1] == kind), count)
check("user_create rows", sum(1 for row in changes[1:] if row[1] == "user_create"),
      sum(max(len(u["changes"]), 1) for u in users if u["action"] == "create"))

# Users: one row per user, a column per attribute; dates as LibreOffice shows the date cells.
attributes = sorted({k for u in users for s in [u["after"] or u["before"] or {}] for k in s
                     if k not in ("username", "active")})
table = sheet("Users")
check("Users header", table[0], ["username", "action", "active", "reasons", "member of"] + attributes)
check("Users row count", len(table) - 1, len(users))
for got, u in zip(table[1:], users):
    s = u["after"] or u["before"] or {}
    row = [u["username"], u["action"], ("TRUE" if s["active"] else "FALSE") if s else "", "; ".join(u["reasons"]),
           "; ".join(u["groups"]["member_of"])] + [shown(s.get(a, "")) for a in attributes]
    check(f"Users row of {u['username']}", got, row)
check("a known user", table[1 + [u["username"] for u in users].index("afischer")],
      ["afischer", "update", "TRUE", "renamed_in_source; attribute_changed", "engineering; staff", "engineering",
       "Amélie Fischer", "afischer@example.com", "E0000079", "Amélie", "2026-07-08 08:06:00", "Fischer"])

# Groups: members added and removed per group.
counts = {}
for u in users:
    for key, i in (("added", 0), ("removed", 1)):
        for g in u["groups"][key]:
            counts.setdefault(g, [0, 0])[i] += 1
check("Groups", sheet("Groups"), [["group", "created", "create outcome", "members added", "members removed"]] +
      [[g, "FALSE", "", str(a), str(r)] for g, (a, r) in sorted(counts.items())])
check("Conflicts", sheet("Conflicts"), [["group", "would add", "would remove", "affected users"]] +
      [[c["group"], "; ".join(c["would_add"]), "; ".join(c["would_remove"]), str(c["affected_users"])]
       for c in summary["conflicts"]])
check("Errors", sheet("Errors"), [["user", "action", "error"]] +
      [[u["username"], u["action"], e] for u in users for e in u["errors"]])

# Summary: the run's facts and counts as summary.json has them.
rows = [row for row in sheet("Summary")]
facts = {row[0]: row[1] for row in rows[1:] if row[0] and row[1]}
check("Summary header", rows[0][:2], ["item", "value"])
check("run id", facts["run id"], str(summary["run_id"]))
check("mode", facts["mode"], summary["mode"])
check("time", facts["time (UTC)"], "2026-11-22 09:00:00")
check("status", facts["status"], summary["status"])
check("plan id", facts["plan id"], str(summary["plan_id"]))
check("config checksum", facts["config checksum"], summary["config_checksum"])
check("directory users", facts["directory users"], str(summary["directory"]["users"]))
def block(title, columns):
    """The data rows of a section: under its title and its header, down to the next blank line."""
    start = [row[0] for row in rows].index(title) + 2
    end = next((i for i in range(start, len(rows)) if not rows[i][0]), len(rows))
    return [row[:columns] for row in rows[start:end]]
check("Changes by kind", block("Changes by kind", 2), [[k, str(summary["changes"][k])] for k in plan_order])
check("Users by action", block("Users by action", 2),
      [[a, str(summary["actions"][a])]
       for a in ["create", "update", "deactivate", "reactivate", "delete", "unchanged", "skipped", "error"]])
check("Sources", block("Sources", 5),
      [[s["name"], s["format"], s["path"], str(s["records"]), s["checksum"]] for s in summary["sources"]])
check("Guards", block("Guards", 7),
      [[g["guard"], g.get("source", ""), str(g["measured"]), str(g["allowed"]), g["detail"],
        str(g["exceeded"]).upper(), str(g["overridden"]).upper()] for g in summary["guards"]])

if problems:
    print("\n".join(problems[:20]), file=sys.stderr)
    sys.exit(1)
PY
echo "audit_report: ok"
