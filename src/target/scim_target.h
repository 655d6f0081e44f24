#pragma once
// A SCIM 2.0 service as usersync's target: its users and groups read as the directory at the
// start of a run, and a plan carried out there change by change (the remote Executor).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "apply/executor.h"
#include "model/identity.h"
#include "scim_client.h"
#include "scim_settings.h"

namespace usersync {

/// The directory as the service holds it, and a fingerprint of it (sha256 over a canonical
/// form), so an unchanged service is recognised like an unchanged export file.
struct TargetSnapshot {
  DirectoryState state;
  std::string fingerprint;
  std::int64_t members_ignored = 0;  // group members that are not users of the service
};

/// The directory made of a service's User and Group resources: members from the groups (direct
/// user members only; others counted), sorted as usersync sorts. InputError (exit 3) for what
/// cannot be planned against: a resource without its name or id, two users or groups whose
/// names differ only in case, an id listed twice.
TargetSnapshot snapshot_from(const std::vector<nlohmann::json>& users, const std::vector<nlohmann::json>& groups);

/// The fingerprint of a directory read from a target: users, attributes, groups, members, ids.
std::string snapshot_fingerprint(const DirectoryState& state);

class ScimExecutor : public Executor {
 public:
  /// `known` has the remote ids of the directory the plan was made against.
  ScimExecutor(ScimClient& client, ScimCapabilities caps, const DirectoryState& known);
  std::string name() const override { return "scim"; }
  bool remote() const override { return true; }
  ApplyOutcome apply(const std::vector<Change>& changes, Timestamp now, const Progress& progress = {},
                     const KeepGoing& keep_going = {}) override;

 private:
  ChangeOutcome carry_out(const Change& change);
  /// Skipped, when a change this one depends on failed: a user's create or rename, a group's create.
  std::optional<ChangeOutcome> blocked(const Change& change) const;
  void remember(const Change& change, const ChangeOutcome& outcome);
  /// The outcomes of the membership changes at `indices`, batched per group and kind.
  std::vector<ChangeOutcome> memberships(const std::vector<Change>& changes, const std::vector<std::size_t>& indices);
  ChangeOutcome create_user(const Change& change);
  ChangeOutcome create_group(const Change& change);
  ChangeOutcome update_user(const Change& change);
  ChangeOutcome change_membership(const Change& change);
  ChangeOutcome delete_user(const Change& change);
  /// POST a new resource; an applied outcome carries the id the service gave it.
  ChangeOutcome post(const std::string& type, const nlohmann::json& resource);
  /// The service's id of a user or group: known from the directory or a create in this push,
  /// else looked up by filter; "" when the service does not have it.
  std::string user_id(const std::string& username);
  std::string group_id(const std::string& name);
  std::string find_id(const std::string& type, const std::string& attribute, const std::string& value);

  ScimClient& client_;
  ScimCapabilities caps_;
  std::map<std::string, std::string> user_ids_;       // folded username -> id
  std::map<std::string, std::string> group_ids_;      // folded group name -> id
  std::map<std::string, std::string> failed_users_;   // folded name -> what failed first
  std::map<std::string, std::string> failed_groups_;  // the same for group creates
};

/// Reads and writes one SCIM service. Owns the transport; the token lives only in here.
class ScimTarget {
 public:
  /// `interrupted` returns the signal that asks the run to stop (0: none): reads and retries
  /// end at once when it does.
  ScimTarget(const ScimSettings& settings, std::string token, std::function<int()> interrupted = {});
  /// Discovers the service and reads every user and group (members from the groups).
  TargetSnapshot read();
  std::unique_ptr<Executor> executor(const DirectoryState& known);
  const HttpClient& http() const { return http_; }

 private:
  CurlTransport transport_;
  HttpClient http_;
  ScimClient client_;
  std::optional<ScimCapabilities> caps_;
};

}  // namespace usersync
