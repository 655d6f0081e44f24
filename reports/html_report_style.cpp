#include "html_report_assets.h"

namespace usersync {

// Neutral and plain: the system's own fonts (nothing is fetched), one accent colour, and a colour
// per action that keeps at least 4.5:1 contrast. Colour is never the only signal: every badge
// and highlight also says what it means in words.
std::string_view html_report_style() {
  return R"css(
:root{--bg:#f5f6f8;--card:#fff;--line:#d9dee4;--soft:#eef1f4;--text:#1f2328;--muted:#57606a;--accent:#0b5cad;
--ok:#1a7f37;--ok-bg:#dafbe1;--warn:#8a5a00;--warn-bg:#fff4cc;--bad:#b4232f;--bad-bg:#ffebe9;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:15px;line-height:1.45;color:var(--text);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0}
code,pre,.hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.86em}
.hash{word-break:break-all;font-size:.78rem}
.wrap{max-width:1240px;margin:0 auto;padding:0 24px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.masthead{background:#1f2933;color:#f3f5f7;padding:18px 0 20px}
.masthead .eyebrow{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:#aab4bf}
.masthead h1{margin:2px 0 14px;font-size:1.7rem;font-weight:600;display:flex;align-items:center;gap:12px}
.facts{display:flex;flex-wrap:wrap;gap:10px 28px;margin:0}
.facts div{min-width:0}
.facts dt{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;color:#aab4bf}
.facts dd{margin:0;font-weight:500;overflow-wrap:anywhere}
.facts code{font-size:.8rem}
.status{font-size:.8rem;font-weight:600;padding:3px 10px;border-radius:999px;text-transform:uppercase;letter-spacing:.05em}
.s-ok{background:var(--ok-bg);color:var(--ok)}.s-warn{background:var(--warn-bg);color:var(--warn)}
.s-bad{background:var(--bad-bg);color:var(--bad)}.s-neutral{background:var(--soft);color:var(--text)}
.contents{display:flex;flex-wrap:wrap;gap:4px 18px;padding-top:12px;padding-bottom:4px}
.contents a{color:var(--accent);text-decoration:none;font-weight:500}
.contents a:hover,.contents a:focus{text-decoration:underline}
main section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px 18px;margin:14px 0}
h2{font-size:1.2rem;margin:0 0 10px;font-weight:600}
h3{font-size:.95rem;margin:14px 0 8px;color:var(--muted);font-weight:600}
.lead{color:var(--muted);margin:0 0 10px}
.table-scroll+.lead{margin:10px 0 0}
.empty{color:var(--muted);margin:0}
.none{color:var(--muted)}
.tiles{list-style:none;display:grid;grid-template-columns:repeat(auto-fill,minmax(118px,1fr));gap:10px;margin:0;padding:0}
.tile{border:1px solid var(--line);border-left:5px solid var(--c);border-radius:6px;padding:8px 12px;background:var(--card)}
.tile .n{display:block;font-size:1.45rem;font-weight:650;font-variant-numeric:tabular-nums}
.tile .l{color:var(--muted);font-size:.85rem}
.tile.zero{opacity:.6}
.a-create{--c:#1a7f37;--cb:#dafbe1}.a-update{--c:#0b5cad;--cb:#ddf0ff}.a-deactivate{--c:#8a5a00;--cb:#fff4cc}
.a-reactivate{--c:#7a3fc8;--cb:#f3eaff}.a-delete{--c:#b4232f;--cb:#ffebe9}.a-unchanged{--c:#6a737d;--cb:#eef1f4}
.a-skipped{--c:#4d5967;--cb:#e3e8ee}.a-error{--c:#ffffff;--cb:#a1121f}
.tile.a-error{--c:#a1121f}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:.8rem;font-weight:600;color:var(--c,#333);background:var(--cb,#eee);white-space:nowrap}
.split{display:grid;grid-template-columns:minmax(240px,320px) 1fr;gap:24px;align-items:start}
.chart-box{margin:0}
svg.chart{width:100%;max-width:560px;height:auto;font-size:12px;font-family:inherit}
svg.chart .label{fill:var(--text)}svg.chart .value{fill:var(--muted);font-variant-numeric:tabular-nums}
svg.chart .track{fill:var(--soft)}
svg.chart .bar{fill:#0b5cad}
svg.chart .k-group_create .bar{fill:#7a3fc8}svg.chart .k-user_create .bar{fill:#1a7f37}
svg.chart .k-user_rename .bar{fill:#3b82c4}svg.chart .k-user_update .bar{fill:#0b5cad}
svg.chart .k-user_reactivate .bar{fill:#9b6ad8}svg.chart .k-membership_add .bar{fill:#16807a}
svg.chart .k-membership_remove .bar{fill:#c2571a}svg.chart .k-user_deactivate .bar{fill:#b7860b}
svg.chart .k-user_delete .bar{fill:#b4232f}
table.grid{border-collapse:collapse;width:100%}
.grid th,.grid td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
.grid thead th{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);background:var(--soft);border-bottom:1px solid var(--line)}
.grid tbody th{font-weight:500}
.grid tfoot th,.grid tfoot td{font-weight:650;border-bottom:0}
.counts th,.counts td{padding:4px 10px}
.narrow{max-width:320px}
.n{font-weight:600}
.num{text-align:right!important;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.zero td,tr.zero th{color:var(--muted)}
.table-scroll{overflow-x:auto}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.8rem;font-weight:600}
.p-ok{background:var(--ok-bg);color:var(--ok)}.p-exceeded{background:var(--bad-bg);color:var(--bad)}
.p-overridden{background:var(--warn-bg);color:var(--warn)}
tr.guard-exceeded{background:#fff6f5}tr.guard-exceeded th{box-shadow:inset 4px 0 var(--bad)}
tr.guard-overridden{background:#fffaeb}tr.guard-overridden th{box-shadow:inset 4px 0 #d4a017}
.why{margin-top:4px;color:var(--bad);font-size:.88rem}
.notes{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.note{border:1px solid var(--line);border-left:4px solid #8c959f;border-radius:6px;padding:8px 12px;background:#fafbfc;overflow-wrap:anywhere}
.note.warn{border-left-color:#d4a017;background:#fffcf0}
.examples{margin:6px 0 0;padding-left:18px;color:var(--muted)}
details summary{cursor:pointer;color:var(--accent)}
.controls{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:flex-end;margin-bottom:8px}
.field{display:flex;flex-direction:column;gap:3px;font-size:.8rem;font-weight:600;color:var(--muted)}
.field.grow{flex:1 1 320px}
input,select,button{font:inherit;font-size:.95rem;color:var(--text)}
input[type=search],select{border:1px solid #b8c0c8;border-radius:6px;padding:0 9px;background:#fff;height:36px}
input[type=search]:focus,select:focus,button:focus-visible,.user-link:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
button{border:1px solid #b8c0c8;background:#fff;border-radius:6px;padding:5px 12px;cursor:pointer}
button:hover:not(:disabled){background:var(--soft)}
button:disabled{color:#9aa3ad;cursor:default}
.status-line{display:flex;flex-wrap:wrap;gap:4px 14px;align-items:baseline;margin:4px 0 8px}
.status-line p{margin:0}
#count{font-weight:600}
#elsewhere{color:var(--muted)}
#elsewhere button{padding:1px 8px;font-size:.85rem;margin-left:4px}
.users tbody tr{cursor:pointer}
.users tbody tr:hover{background:#f6f9fc}
/* Fixed shares, so that the columns do not jump from one page of rows to the next. */
.users th:nth-child(1){width:24%}.users th:nth-child(2){width:11%}.users th:nth-child(3){width:27%}
.user-link{border:0;background:none;padding:0;color:var(--accent);font-weight:600;text-align:left;cursor:pointer;overflow-wrap:anywhere}
.user-link:hover{text-decoration:underline;background:none!important}
.sub{color:var(--muted);font-size:.86rem}
.chip{display:inline-block;background:var(--soft);border-radius:4px;padding:0 6px;margin:1px 4px 1px 0;font-size:.8rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#3d444d}
.what{font-size:.9rem;overflow-wrap:anywhere}
.add{color:var(--ok);font-weight:600}.rem{color:var(--bad);font-weight:600}
.err{color:var(--bad);font-weight:600}
.pager{display:flex;gap:8px;align-items:center;justify-content:center;margin-top:12px}
#page-info{color:var(--muted);min-width:120px;text-align:center}
footer{color:var(--muted);font-size:.85rem;padding-bottom:28px}
dialog{border:1px solid var(--line);border-radius:10px;padding:0;width:min(980px,94vw);max-height:90vh;box-shadow:0 12px 40px rgba(0,0,0,.25);color:var(--text)}
dialog::backdrop{background:rgba(20,28,36,.45)}
.detail-bar{position:sticky;top:0;display:flex;justify-content:flex-end;gap:8px;padding:10px 14px;background:var(--soft);border-bottom:1px solid var(--line);z-index:1}
#detail-pos{margin-right:auto;align-self:center;color:var(--muted);font-size:.9rem}
#detail-body{padding:6px 22px 22px}
#detail-body details{margin-top:18px}
#detail-body h2{display:flex;align-items:center;gap:10px;flex-wrap:wrap;margin-top:12px;overflow-wrap:anywhere}
#detail-body h3{margin-top:18px}
.compare{table-layout:fixed}
.compare col.attr{width:24%}
.compare td{overflow-wrap:anywhere;white-space:pre-wrap}
.compare tr.changed td,.compare tr.changed th{background:#fff8d6}
.compare tr.changed td.after{background:#e6f6ea}
.compare tr.changed td.before{background:#fdeceb}
.mark{display:inline-block;margin-left:6px;font-size:.7rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--warn)}
.mark.corr{color:#7a3fc8}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0 0}
.kv dt{color:var(--muted)}.kv dd{margin:0;overflow-wrap:anywhere}
.policy{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:6px 0}
.errors{margin:0;padding:8px 12px 8px 28px;background:var(--bad-bg);border-radius:6px;color:var(--bad)}
pre.raw{background:var(--soft);padding:10px;border-radius:6px;overflow:auto;max-height:320px;white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:760px){.split{grid-template-columns:1fr}.wrap{padding:0 12px}}
@media print{
:root{background:#fff;font-size:11pt}
.masthead{background:#fff;color:#000;border-bottom:2px solid #000}.masthead .eyebrow,.facts dt{color:#444}
.contents,.controls,.pager,#elsewhere,dialog,noscript{display:none!important}
main section{border:0;padding:0;margin:0 0 14pt;break-inside:auto}
tr{break-inside:avoid}
.user-link{color:#000}
.users tbody tr:hover{background:none}
}
)css";
}

}  // namespace usersync
