#include "remote_push.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <csignal>
#include <map>
#include <nlohmann/json.hpp>

#include "apply/embedded_executor.h"
#include "interrupt.h"
#include "model/text.h"
#include "store/directory_store.h"
#include "store/plan_store.h"

namespace usersync {

PushResult push_plan(Database& db, Executor& executor, std::int64_t plan_id, const std::vector<Change>& changes,
                     Timestamp now) {
  PushResult result;
  DirectoryStore directory(db);
  EmbeddedExecutor mirror(directory);
  PlanStore plans(db);
  auto record = [&](std::size_t index, const Change& change, const ChangeOutcome& o) {
    SQLite::Transaction tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
    plans.record_outcome(plan_id, index, std::string(to_string(o.status)), o.http_status, o.detail);
    if (o.status == Outcome::applied) {
      // The copy no longer matches what was read from the target: the next run refreshes it
      // whatever the target then holds, so a change undone there is seen (and drift reported).
      db.set_meta("directory_export_checksum", "");
    }
    tx.commit();  // what the target did is on record before anything else can fail
    if (o.status == Outcome::applied) {
      try {
        SQLite::Transaction mirror_tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
        mirror.carry_out(change, now);
        if (!o.remote_id.empty() && change.kind == ChangeKind::user_create)
          directory.set_user_remote_id(change.username, o.remote_id);
        if (!o.remote_id.empty() && change.kind == ChangeKind::group_create)
          directory.set_group_remote_id(change.group, o.remote_id);
        mirror_tx.commit();
      } catch (const std::exception& e) {
        // The copy is refreshed from the target by the next run anyway; the push goes on.
        result.mirror_problems.push_back(std::string(to_string(change.kind)) + " " + change.username + ": " + e.what());
      }
    }
    // Kept here, not from apply's return value, which a failure that stops the push never gives.
    result.outcome.outcomes[index] = o;
    test_point("pushed_one");
  };
  result.outcome.outcomes.resize(changes.size());
  auto keep_going = [&] { return pending_interrupt() == 0; };
  try {
    executor.apply(changes, now, record, keep_going);
  } catch (const InterruptedError& e) {
    result.signal = e.code() == ExitCode::interrupted_term ? SIGTERM : SIGINT;
  } catch (const Error& e) {
    result.stopped_code = e.code();
    result.stopped_message = e.what();
  } catch (const std::exception& e) {
    // Whatever else stops the push, what it did is recorded and the run still ends on record.
    result.stopped_code = ExitCode::internal;
    result.stopped_message = std::string("internal: ") + e.what();
  }
  if (!result.signal) result.signal = pending_interrupt();
  return result;
}

void mark_not_sent(Database& db, std::int64_t plan_id) {
  SQLite::Statement q(db.sql(), "UPDATE plan_changes SET outcome = 'not_sent' WHERE plan_id = ? AND outcome = ''");
  q.bind(1, plan_id);
  q.exec();
}

namespace {

/// What happened to change `i`, as a user's result and the held-back examples say it.
struct Problem {
  bool rejected = false;  // the target refused it (else: skipped or never sent)
  std::string text;
};

std::string describe(const Change& c) {
  std::string what(to_string(c.kind));
  if (!c.group.empty()) what += " " + c.group;
  if (!c.attribute.empty() && c.kind == ChangeKind::user_update) what += " " + c.attribute;
  return what;
}

std::map<std::string, std::vector<Problem>> problems_by_user(const std::vector<Change>& changes, const PushResult& push,
                                                             std::vector<std::string>& group_problems) {
  std::map<std::string, std::vector<Problem>> out;
  const auto& outcomes = push.outcome.outcomes;
  std::string not_sent = push.stopped_code ? "not sent: the push stopped before it (exit " +
                                                 std::to_string(static_cast<int>(*push.stopped_code)) + ")"
                         : push.signal ? std::string("not sent: the run was interrupted")
                                       : std::string("not sent");
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const auto& c = changes[i];
    Problem p;
    if (i < outcomes.size() && outcomes[i]) {
      if (outcomes[i]->status == Outcome::applied) continue;
      p.rejected = outcomes[i]->status == Outcome::failed;
      p.text = describe(c) + ": " + outcomes[i]->detail;
    } else {
      p.text = describe(c) + ": " + not_sent;
    }
    if (c.username.empty())
      group_problems.push_back(p.text);
    else
      out[fold_case(c.username)].push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::optional<HeldBack> apply_push_to_lines(std::vector<UserLine>& lines, const std::vector<Change>& changes,
                                            const PushResult& push) {
  std::vector<std::string> examples;
  auto problems = problems_by_user(changes, push, examples);
  std::int64_t users = 0;
  for (auto& l : lines) {
    auto it = problems.find(fold_case(l.username));
    if (it == problems.end()) continue;
    ++users;
    auto result = nlohmann::ordered_json::parse(l.line);
    bool rejected = false;
    auto& errors = result["errors"];
    if (!errors.is_array()) errors = nlohmann::ordered_json::array();
    for (const auto& p : it->second) {
      rejected = rejected || p.rejected;
      errors.push_back(p.text);
      if (examples.size() < 5) examples.push_back(l.username + ": " + p.text);
    }
    result["action"] = "error";
    auto& reasons = result["reasons"];
    if (!reasons.is_array()) reasons = nlohmann::ordered_json::array();
    reasons.push_back(rejected ? "target_rejected" : "not_sent");
    l.action = "error";
    l.line = result.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  auto counts = push_counts(changes, push);
  auto held = counts["failed"] + counts["skipped"] + counts["not_sent"];
  if (!held) return std::nullopt;
  HeldBack h;
  h.kind = "target_rejected";
  h.count = held;
  h.message = std::to_string(held) + (held == 1 ? " change was" : " changes were") + " not carried out (" +
              std::to_string(counts["failed"]) + " rejected by the target, " +
              std::to_string(counts["skipped"] + counts["not_sent"]) + " not sent), affecting " +
              std::to_string(users) + (users == 1 ? " user" : " users") + "; the next run plans them again";
  h.examples = std::move(examples);
  return h;
}

std::map<std::string, std::int64_t> push_counts(const std::vector<Change>& changes, const PushResult& push) {
  std::map<std::string, std::int64_t> out{{"applied", 0}, {"failed", 0}, {"skipped", 0}, {"not_sent", 0}};
  for (const auto& o : push.outcome.outcomes)
    if (o) ++out[std::string(to_string(o->status))];
  out["not_sent"] = static_cast<std::int64_t>(changes.size()) - out["applied"] - out["failed"] - out["skipped"];
  return out;
}

std::vector<std::int64_t> recover_cut_short_pushes(Database& db) {
  PlanStore plans(db);
  auto ids = plans.ids_with_status("applying");
  if (ids.empty()) return ids;
  SQLite::Transaction tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  for (auto id : ids) {
    plans.set_status(id, "partial");
    mark_not_sent(db, id);  // a change with no outcome was never confirmed: not carried out
  }
  // The lock is held, so a run still "running" is one whose process is gone.
  db.sql().exec("UPDATE runs SET status = 'interrupted' WHERE status = 'running'");
  tx.commit();
  return ids;
}

}  // namespace usersync
