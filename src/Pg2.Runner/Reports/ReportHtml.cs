using System.Globalization;
using System.Net;
using System.Text;
using Pg2.Metrics.Leaderboards;

namespace Pg2.Runner.Reports;

/// <summary>
/// The report's interactive parts, plain HTML and inline JavaScript (no network, opens from disk): the
/// style sheet, sortable and filterable tables, plots loaded only when their dataset is opened, and the
/// ranking among ProteinGym's published models.
/// </summary>
internal static class ReportHtml
{
    /// <summary>Tables and heatmaps scroll inside their box; the page itself never gets wider than the window.</summary>
    public const string Style = """
        body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:100%}
        table{border-collapse:collapse;margin:0}
        th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;white-space:nowrap}
        th{background:#f3f3f3;position:sticky;top:0;z-index:1} td.num{text-align:right;font-variant-numeric:tabular-nums}
        table.sortable th{cursor:pointer} table.sortable th[aria-sort=ascending]::after{content:" \25B2"} table.sortable th[aria-sort=descending]::after{content:" \25BC"}
        .box{max-width:100%;max-height:70vh;overflow:auto;border:1px solid #ddd;margin:.5em 0 1.5em 0}
        tr.ours td{background:#fff6d5;font-weight:600}
        .failed{color:#b00} figure{display:inline-block;margin:0 1em 1em 0} figcaption{font-size:90%;color:#555}
        input.filter{margin:.3em 0;padding:3px 6px;min-width:18em} .note{color:#555;font-size:90%}
        details.plot{margin:.2em 0} details.plot summary{cursor:pointer}
        nav a{margin-right:1em}
        """;

    /// <summary>Sorting (click a header; numbers by value), filtering (every word must appear in the row), lazy plots, rankings scrolled to the game's first model.</summary>
    public const string Script = """
        (function(){
          function key(td){var v=td.getAttribute('data-v');if(v!==null&&v!==''){var n=parseFloat(v);if(!isNaN(n))return n;}return td.textContent.trim().toLowerCase();}
          function sort(table,col,dir){var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
            rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);
              if(typeof x==='number'&&typeof y==='number')return dir*(x-y);
              if(typeof x==='number')return -1; if(typeof y==='number')return 1; return dir*(x<y?-1:x>y?1:0);});
            rows.forEach(function(r){body.appendChild(r);});
            Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){th.setAttribute('aria-sort',i===col?(dir>0?'ascending':'descending'):'none');});}
          document.querySelectorAll('table.sortable, table.leaderboard').forEach(function(table){
            Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){th.addEventListener('click',function(){
              sort(table,i,th.getAttribute('aria-sort')==='ascending'?-1:1);});});});
          document.querySelectorAll('input.filter').forEach(function(input){input.addEventListener('input',function(){
            var words=input.value.toLowerCase().split(/\s+/).filter(Boolean);var table=document.getElementById(input.getAttribute('data-table'));
            Array.prototype.forEach.call(table.tBodies[0].rows,function(r){var t=r.textContent.toLowerCase();
              r.style.display=words.every(function(w){return t.indexOf(w)>=0;})?'':'none';});});});
          document.querySelectorAll('details.plot').forEach(function(d){d.addEventListener('toggle',function(){
            if(!d.open)return;d.querySelectorAll('img[data-src]').forEach(function(img){img.src=img.getAttribute('data-src');img.removeAttribute('data-src');});});});
          document.querySelectorAll('select.view').forEach(function(sel){function show(){
            document.querySelectorAll('[data-view="'+sel.id+'"]').forEach(function(el){el.hidden=el.getAttribute('data-name')!==sel.value;});}
            sel.addEventListener('change',show);show();});
          // Each ranking opens scrolled to the game's first model, a few published rows above it for context.
          document.querySelectorAll('table.ranking').forEach(function(table){var row=table.querySelector('tr.ours');var box=table.parentElement;
            if(row&&box&&box.scrollHeight>box.clientHeight)box.scrollTop=Math.max(0,row.offsetTop-4*row.offsetHeight);});
          // For checks in a headless browser: whether anything makes the page wider than the window.
          document.documentElement.setAttribute('data-overflow',String(document.documentElement.scrollWidth>window.innerWidth+1));
        })();
        """;

    /// <summary>A filter box for the table <paramref name="tableId"/>.</summary>
    public static string Filter(string tableId, string placeholder) =>
        $"<input class=\"filter\" type=\"search\" data-table=\"{E(tableId)}\" placeholder=\"{E(placeholder)}\" aria-label=\"{E(placeholder)}\">\n";

    /// <summary>Breakdown columns of the ranking, as ProteinGym's summary files name them.</summary>
    static readonly (string Header, Func<AssaySummary, IReadOnlyDictionary<string, double>> Part, string Key)[] Breakdowns =
    [
        ("Activity", s => s.ByFunction, "Activity"), ("Binding", s => s.ByFunction, "Binding"), ("Expression", s => s.ByFunction, "Expression"),
        ("OrganismalFitness", s => s.ByFunction, "OrganismalFitness"), ("Stability", s => s.ByFunction, "Stability"),
        ("Low MSA depth", s => s.ByMsaDepth, "Low"), ("Medium MSA depth", s => s.ByMsaDepth, "Medium"), ("High MSA depth", s => s.ByMsaDepth, "High"),
        ("Human", s => s.ByTaxon, "Human"), ("Other eukaryote", s => s.ByTaxon, "Eukaryote"), ("Prokaryote", s => s.ByTaxon, "Prokaryote"), ("Virus", s => s.ByTaxon, "Virus"),
    ];

    /// <summary>
    /// The game's ranking among ProteinGym's published models: one table per metric (and fold scheme),
    /// a selector to switch between them, the game's models highlighted.
    /// </summary>
    public static void Ranking(StringBuilder sb, string game, IReadOnlyList<PublishedComparison> comparisons)
    {
        if (comparisons.Count == 0) return;
        var first = comparisons[0];
        var selector = "view-" + Id(game);
        sb.Append("<h3>Among ProteinGym's published models</h3>\n");
        sb.Append("<p class=\"note\">Over the ").Append(first.Assays.Count.ToString(CultureInfo.InvariantCulture)).Append(
            " ProteinGym assay(s) this game covered, every model aggregated by ProteinGym's rule " +
            "(per UniProt within function, per function, mean of functions), ± ProteinGym's bootstrap standard error (10 000 resamples of the " +
            "per-protein values, centred on the best published model). Highlighted rows are this game's models.</p>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<label>metric <select class=\"view\" id=\"{selector}\">");
        foreach (var c in comparisons)
            sb.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(ViewName(c))}\">{E(ViewLabel(c))}</option>");
        sb.Append("</select></label>\n");
        foreach (var c in comparisons)
        {
            var table = $"ranking-{Id(game)}-{Id(ViewName(c))}";
            sb.Append(CultureInfo.InvariantCulture, $"<div data-view=\"{selector}\" data-name=\"{E(ViewName(c))}\">\n");
            sb.Append(Filter(table, "filter models (e.g. a name or a type)"));
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"box\"><table class=\"ranking sortable\" id=\"{table}\"><thead><tr><th>rank</th><th>model</th><th>type</th><th>{E(c.Metric)}</th><th>± se</th>");
            foreach (var b in Breakdowns) sb.Append("<th>").Append(E(b.Header)).Append("</th>");
            sb.Append("<th>assays</th></tr></thead><tbody>\n");
            foreach (var r in c.Ranking)
            {
                sb.Append(r.Ours ? "<tr class=\"ours\">" : "<tr>");
                sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\" data-v=\"{r.Rank}\">{r.Rank}</td><td>{E(r.Model)}</td><td>{E(r.Ours ? "this game" : r.ModelType)}</td>");
                Cell(sb, r.Summary.Overall);
                Cell(sb, r.StandardError);
                foreach (var b in Breakdowns) Cell(sb, b.Part(r.Summary).TryGetValue(b.Key, out var v) ? v : double.NaN);
                sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\" data-v=\"{r.Summary.Assays}\">{r.Summary.Assays}</td></tr>\n");
            }
            sb.Append("</tbody></table></div>\n</div>\n");
        }
        sb.Append("<p class=\"note\">").Append(E(PublishedResults.Attribution)).Append("</p>\n");
    }

    static string ViewName(PublishedComparison c) => c.Split.Length == 0 ? c.Metric : $"{c.Metric}-{c.Split}";
    static string ViewLabel(PublishedComparison c) => c.Split.Length == 0 ? c.Metric
        : c.Split == PublishedResults.MeanOfSchemes ? $"{c.Metric}, mean of the three fold schemes" : $"{c.Metric}, {c.Split} folds";

    static void Cell(StringBuilder sb, double v) => sb.Append(double.IsFinite(v)
        ? string.Create(CultureInfo.InvariantCulture, $"<td class=\"num\" data-v=\"{v:R}\">{v:0.000}</td>")
        : "<td class=\"num\" data-v=\"\">n/a</td>");

    /// <summary>An id-safe form of <paramref name="s"/>.</summary>
    public static string Id(string s) => new([.. s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    static string E(string s) => WebUtility.HtmlEncode(s);
}
