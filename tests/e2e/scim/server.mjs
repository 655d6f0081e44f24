// Test-only SCIM 2.0 service provider for the usersync end-to-end tests.
//
// The SCIM protocol (parsing, schema coercion, filters, PATCH, list responses, error bodies) is
// done by the third-party libraries scimmy and scimmy-routers; this file only supplies an
// in-memory store behind their ingress/egress/degress handlers, plus test controls (state dump,
// request log, injected faults) outside the SCIM base URL.
//
//   SCIM_TOKEN=secret node server.mjs --port-file FILE [--seed seed.json] [--max-results N]
//                                     [--parent-pid PID]
//
// Listens on 127.0.0.1 on an ephemeral port and writes the port number to FILE once listening.
// SCIM base URL: http://127.0.0.1:PORT/scim/v2   Test controls: http://127.0.0.1:PORT/_control
import fs from "node:fs";
import crypto from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const BASE = "/scim/v2";
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function die(message) {
    process.stderr.write(`scim-server: ${message}\n`);
    process.exit(2);
}

// ---------------------------------------------------------------- arguments
const opts = {portFile: null, seed: null, maxResults: 50, parentPid: null};
{
    const argv = process.argv.slice(2);
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) die(`${arg} needs a value`);
            return argv[++i];
        };
        switch (arg) {
            case "--port-file": opts.portFile = value(); break;
            case "--seed": opts.seed = value(); break;
            case "--max-results": opts.maxResults = Number(value()); break;
            case "--parent-pid": opts.parentPid = Number(value()); break;
            default: die(`unknown argument: ${arg}`);
        }
    }
    if (!opts.portFile) die("--port-file FILE is required");
    if (!Number.isInteger(opts.maxResults) || opts.maxResults < 1) die("--max-results must be a positive integer");
    if (opts.parentPid !== null && (!Number.isInteger(opts.parentPid) || opts.parentPid < 1)) die("--parent-pid must be a process id");
}
const TOKEN = process.env.SCIM_TOKEN;
if (!TOKEN) die("SCIM_TOKEN must be set in the environment");

// ---------------------------------------------------------------- store
// Records are plain objects as scimmy's inbound coercion produced them, plus id and meta.
// Users never store "groups": it is derived from the groups' members on the way out.
const users = new Map();   // id -> record, in creation order
const groups = new Map();  // id -> record, in creation order

const newId = () => crypto.randomUUID();
const now = () => new Date().toISOString();
const plain = (value) => JSON.parse(JSON.stringify(value ?? {}));
const lower = (s) => String(s ?? "").toLowerCase();

// A write that changes nothing (e.g. a PATCH adding an existing member) keeps lastModified.
function unchanged(a, b) {
    const strip = ({meta, ...rest}) => JSON.stringify(rest);
    return strip(a) === strip(b);
}

function userDisplay(user) {
    return user.displayName ?? user.userName;
}

// A user as the SCIM service shows it, before scimmy's outbound coercion.
function userOut(user) {
    const memberOf = [...groups.values()]
        .filter(g => (g.members ?? []).some(m => m.value === user.id))
        .map(g => ({value: g.id, display: g.displayName, type: "direct"}));
    return {...plain(user), ...(memberOf.length ? {groups: memberOf} : {})};
}

function groupOut(group) {
    return plain(group);
}

// Keep a group's members pointing at existing users, once each, with the user's current name.
function normaliseMembers(members, groupName) {
    const seen = new Set();
    const out = [];
    for (const member of members ?? []) {
        const id = member?.value;
        if (typeof id !== "string" || !id.length)
            throw new SCIMMY.Types.Error(400, "invalidValue", `Group '${groupName}': member without a value`);
        const user = users.get(id);
        if (!user)
            throw new SCIMMY.Types.Error(400, "invalidValue", `Group '${groupName}': member '${id}' is not a known User`);
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({value: id, display: userDisplay(user), type: "User"});
    }
    return out;
}

// Stores a User. `data` is scimmy's inbound instance (or an equivalent plain object).
function putUser(id, data) {
    const body = plain(data);
    delete body.id; delete body.meta; delete body.schemas; delete body.groups;
    if (typeof body.userName !== "string" || !body.userName.length)
        throw new SCIMMY.Types.Error(400, "invalidValue", "Required attribute 'userName' is missing");
    for (const other of users.values()) {
        if (other.id !== id && lower(other.userName) === lower(body.userName))
            throw new SCIMMY.Types.Error(409, "uniqueness", `A User with userName '${body.userName}' already exists`);
    }
    const old = id ? users.get(id) : undefined;
    if (id && !old) throw new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);
    const stamp = now();
    const record = {id: id ?? newId(), ...body, meta: {resourceType: "User", created: old?.meta.created ?? stamp, lastModified: stamp}};
    if (old && unchanged(old, record)) return old;
    users.set(record.id, record);
    // Members show the user's current name.
    if (old && userDisplay(old) !== userDisplay(record)) {
        for (const g of groups.values())
            for (const m of g.members ?? []) if (m.value === record.id) m.display = userDisplay(record);
    }
    return record;
}

function putGroup(id, data) {
    const body = plain(data);
    delete body.id; delete body.meta; delete body.schemas;
    if (typeof body.displayName !== "string" || !body.displayName.length)
        throw new SCIMMY.Types.Error(400, "invalidValue", "Required attribute 'displayName' is missing");
    for (const other of groups.values()) {
        if (other.id !== id && lower(other.displayName) === lower(body.displayName))
            throw new SCIMMY.Types.Error(409, "uniqueness", `A Group with displayName '${body.displayName}' already exists`);
    }
    const old = id ? groups.get(id) : undefined;
    if (id && !old) throw new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);
    const members = normaliseMembers(body.members, body.displayName);
    delete body.members;
    const stamp = now();
    const record = {
        id: id ?? newId(), ...body, ...(members.length ? {members} : {}),
        meta: {resourceType: "Group", created: old?.meta.created ?? stamp, lastModified: stamp}
    };
    if (old && unchanged(old, record)) return old;
    groups.set(record.id, record);
    return record;
}

// Egress for a list or for one resource: scimmy gives the resource instance with .id (one
// resource), or .filter (a parsed SCIMMY.Types.Filter) and .constraints (startIndex, count,
// sortBy, sortOrder). Filtering is left to scimmy's own Filter#match; paging is done by scimmy's
// ListResponse from the constraints, which are capped at --max-results here (scimmy's own
// default page size is 20 and it does not apply filter.maxResults by itself).
function egress(resource, store, toOut) {
    if (resource.id) {
        const record = store.get(resource.id);
        if (!record) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        return toOut(record);
    }
    let list = [...store.values()].map(toOut);
    if (resource.filter) list = resource.filter.match(list);
    const total = list.length;
    const startIndex = Math.max(resource.constraints?.startIndex ?? 1, 1);
    const count = Math.min(resource.constraints?.count ?? opts.maxResults, opts.maxResults);
    // Two corrections to what ListResponse does with the bare constraints (RFC 7644 3.4.2.4):
    // itemsPerPage must be the number of resources on this page (scimmy reports `count`), and a
    // startIndex past the end must give an empty page (scimmy then returns the whole list).
    resource.constraints = {...(resource.constraints ?? {}), count, itemsPerPage: Math.max(0, Math.min(count, total - startIndex + 1))};
    if (startIndex > total) {
        resource.constraints.totalResults = total;
        return [];
    }
    return list;
}

// Most SCIM services (Entra ID, Okta, Atlassian) take the enterprise extension (RFC 7643 4.3):
// department, employeeNumber, organization, ...
SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);
SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    egress: (resource) => egress(resource, users, userOut),
    ingress: (resource, instance) => userOut(putUser(resource.id, instance)),
    degress: (resource) => {
        if (!users.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        for (const g of groups.values()) {
            if (!g.members) continue;
            g.members = g.members.filter(m => m.value !== resource.id);
            if (!g.members.length) delete g.members;
        }
    }
});
SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
    egress: (resource) => egress(resource, groups, groupOut),
    ingress: (resource, instance) => groupOut(putGroup(resource.id, instance)),
    degress: (resource) => {
        if (!groups.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    }
});

// ---------------------------------------------------------------- seed
if (opts.seed) {
    let seed;
    try {
        seed = JSON.parse(fs.readFileSync(opts.seed, "utf8"));
    } catch (ex) {
        die(`cannot read seed ${opts.seed}: ${ex.message}`);
    }
    try {
        for (const u of seed.users ?? []) putUser(undefined, new SCIMMY.Schemas.User(u, "in"));
        for (const g of seed.groups ?? []) {
            const members = (g.members ?? []).map(name => {
                const user = [...users.values()].find(u => lower(u.userName) === lower(name));
                if (!user) throw new Error(`group '${g.displayName}': no seeded user '${name}'`);
                return {value: user.id};
            });
            putGroup(undefined, new SCIMMY.Schemas.Group({...g, members}, "in"));
        }
    } catch (ex) {
        die(`bad seed ${opts.seed}: ${ex.message}`);
    }
}

// ---------------------------------------------------------------- request log and faults
let log = [];
let faults = {};
let counters = {requests: 0, writes: 0};
let queue = Promise.resolve();

// scimmy's Messages.Error only accepts the status codes RFC 7644 lists (not 429 or 503), so
// injected faults build the same error body by hand.
function scimError(res, status, detail) {
    res.status(status).type("application/scim+json")
        .send(JSON.stringify({schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), detail}));
}

function isWrite(req) {
    return WRITE_METHODS.has(req.method) && !(req.method === "POST" && /\/\.search\/?$/.test(req.path));
}

function faultsAndLog(req, res, next) {
    const entry = {method: req.method, path: req.originalUrl, status: null};
    log.push(entry);
    res.on("finish", () => { entry.status = res.statusCode; });
    res.on("close", () => { if (entry.status === null) entry.status = res.statusCode; });

    counters.requests++;
    const every = faults.rate_limit_every;
    if (Number.isInteger(every) && every > 0 && counters.requests % every === 0) {
        res.set("Retry-After", String(faults.retry_after ?? 1));
        return scimError(res, 429, "Too many requests (injected fault)");
    }
    if (isWrite(req)) {
        const k = ++counters.writes;
        const listed = Array.isArray(faults.fail_503_writes) && faults.fail_503_writes.includes(k);
        const after = Number.isInteger(faults.fail_503_after_writes) && k > faults.fail_503_after_writes;
        if (listed || after) return scimError(res, 503, `Service unavailable (injected fault on write ${k})`);
    }
    // One SCIM request at a time: scimmy's PATCH is read-modify-write across awaits, so two
    // concurrent PATCHes of one group could otherwise lose an update.
    const previous = queue;
    let done;
    queue = new Promise(resolve => { done = resolve; });
    res.on("finish", done);
    res.on("close", done);
    previous.then(() => next());
}

// ---------------------------------------------------------------- app
const app = express();
app.disable("x-powered-by");
app.set("etag", false);

const control = express.Router();
control.use(express.json({type: () => true}));
control.get("/state", (req, res) => {
    const byName = (key) => (a, b) => lower(a[key]) < lower(b[key]) ? -1 : lower(a[key]) > lower(b[key]) ? 1 : 0;
    const out = (Schema, resource, record) => plain(new Schema(record, "out", `${BASE}${resource.endpoint}`));
    res.json({
        users: [...users.values()].map(userOut).map(u => out(SCIMMY.Schemas.User, SCIMMY.Resources.User, u)).sort(byName("userName")),
        groups: [...groups.values()].map(groupOut).map(g => out(SCIMMY.Schemas.Group, SCIMMY.Resources.Group, g)).sort(byName("displayName"))
    });
});
control.get("/log", (req, res) => res.json(log));
control.post("/reset-log", (req, res) => { log = []; res.status(204).end(); });
control.get("/faults", (req, res) => res.json(faults));
control.post("/faults", (req, res) => {
    const body = req.body ?? {};
    if (Object(body) !== body || Array.isArray(body)) return res.status(400).json({error: "expected a JSON object"});
    const known = ["rate_limit_every", "retry_after", "fail_503_writes", "fail_503_after_writes"];
    const unknown = Object.keys(body).filter(k => !known.includes(k));
    if (unknown.length) return res.status(400).json({error: `unknown fault settings: ${unknown.join(", ")}`});
    faults = body;
    counters = {requests: 0, writes: 0};
    res.json(faults);
});
app.use("/_control", control);

app.use(BASE, faultsAndLog);
app.use(BASE, new SCIMMYRouters({
    type: "bearer",
    handler: (req) => {
        const header = req.header("Authorization") ?? "";
        const match = /^Bearer\s+(.+)$/i.exec(header);
        const given = Buffer.from(match?.[1] ?? "");
        const want = Buffer.from(TOKEN);
        if (!match || given.length !== want.length || !crypto.timingSafeEqual(given, want))
            throw new Error(match ? "Invalid bearer token" : "Missing bearer token");
        // No user id is returned, so /Me answers 501 Not Implemented.
    }
}));
// scimmy-routers sets a complete ServiceProviderConfig in its constructor (sort and bulk on),
// so ours goes after it.
SCIMMY.Config.set({
    patch: true,
    filter: {supported: true, maxResults: opts.maxResults},
    bulk: false,
    sort: false,
    etag: false,
    changePassword: false
});
// scimmy-routers answers errors itself and passes 5xx on; report them and stop there (express's
// default handler would otherwise cut the connection of an already answered request).
app.use((err, req, res, next) => {
    if ((err.status ?? 500) >= 500 && err.status !== 501) process.stderr.write(`scim-server: ${req.method} ${req.originalUrl}: ${err.stack ?? err}\n`);
    if (!res.headersSent) {
        const status = Number.isInteger(err.status) && err.status >= 400 ? err.status : 500;
        return scimError(res, status, err.expose === false ? "Internal error" : String(err.message ?? err));
    }
});

const server = app.listen(0, "127.0.0.1", () => {
    const {port} = server.address();
    const tmp = `${opts.portFile}.tmp${process.pid}`;
    fs.writeFileSync(tmp, `${port}\n`);
    fs.renameSync(tmp, opts.portFile);
});
server.on("error", (err) => die(`cannot listen: ${err.message}`));

const stop = () => { server.close(); process.exit(0); };
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (opts.parentPid) {
    setInterval(() => {
        try { process.kill(opts.parentPid, 0); } catch { stop(); }
    }, 1000).unref();
}
