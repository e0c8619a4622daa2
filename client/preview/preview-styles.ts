/**
 * The preview's stylesheet (inlined with the CSP nonce). Every colour is a VS Code theme variable, so the preview
 * follows light, dark and high-contrast themes; the fallbacks only matter outside VS Code (tests, screenshots).
 * No `style="…"` attributes anywhere: the CSP does not allow inline styles without the nonce.
 */
export const PREVIEW_CSS = `
:root { color-scheme: light dark; }
body {
  font-family: var(--vscode-font-family, system-ui, sans-serif);
  font-size: var(--vscode-font-size, 13px);
  color: var(--vscode-foreground, #cccccc);
  background: var(--vscode-editor-background, #1e1e1e);
  margin: 0; padding: 0 20px 40px;
  line-height: 1.45;
}
h1 { font-size: 1.35em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.15em; font-weight: 600; margin: 0 0 4px; }
h3 { font-size: 0.95em; font-weight: 600; margin: 14px 0 4px; color: var(--vscode-descriptionForeground, #9d9d9d); text-transform: uppercase; letter-spacing: 0.04em; }
.muted, .meta { color: var(--vscode-descriptionForeground, #9d9d9d); }
.meta { margin: 0 0 12px; }
header { position: sticky; top: 0; z-index: 2; background: var(--vscode-editor-background, #1e1e1e); padding: 4px 0 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, #454545); margin-bottom: 12px; }
header .controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
select, button {
  font: inherit; color: var(--vscode-dropdown-foreground, #cccccc);
  background: var(--vscode-dropdown-background, #3c3c3c);
  border: 1px solid var(--vscode-dropdown-border, #3c3c3c); border-radius: 2px; padding: 2px 6px;
}
button { cursor: pointer; color: var(--vscode-button-secondaryForeground, #ffffff); background: var(--vscode-button-secondaryBackground, #3a3d41); border-color: transparent; }
button.primary { color: var(--vscode-button-foreground, #ffffff); background: var(--vscode-button-background, #0e639c); }
button:hover { background: var(--vscode-button-secondaryHoverBackground, #45494e); }
button.primary:hover { background: var(--vscode-button-hoverBackground, #1177bb); }
button.link { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground, #3794ff); }
button.link:hover { text-decoration: underline; background: none; }
header h1 { margin: 8px 0 2px; font-size: 1.2em; }
.group-table .table-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: baseline; justify-content: space-between; }
.group-table input[type=search] {
  font: inherit; min-width: 16em; padding: 2px 6px; color: var(--vscode-input-foreground, #cccccc);
  background: var(--vscode-input-background, #3c3c3c); border: 1px solid var(--vscode-input-border, #3c3c3c); border-radius: 2px;
}
.group-table table { max-height: none; }
th button.sort { color: inherit; font-weight: 600; }
th[aria-sort=ascending] button.sort::after { content: ' \\25B4'; }
th[aria-sort=descending] button.sort::after { content: ' \\25BE'; }
section.group .head { cursor: pointer; }
section.group .head-content { display: flex; flex: 1; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
section.group .head-figures { font-variant-numeric: tabular-nums; }
button.toggle { background: none; border: none; padding: 0 4px 0 0; color: inherit; }
button.toggle::before { content: '\\25BE'; }
section.group.collapsed button.toggle::before { content: '\\25B8'; }
section.group.collapsed { padding: 6px 14px; margin: 0 0 6px; }
section.group.collapsed h2 { margin: 0; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; margin: 0 0 16px; }
.figure { border: 1px solid var(--vscode-editorWidget-border, #454545); border-radius: 4px; padding: 8px 10px; }
.figure .label { display: block; font-size: 0.85em; color: var(--vscode-descriptionForeground, #9d9d9d); }
.figure .value { display: block; font-size: 1.25em; font-weight: 600; font-variant-numeric: tabular-nums; }
.negative { color: var(--vscode-charts-red, #f14c4c); }
.positive { color: var(--vscode-charts-green, #89d185); }
section.group, section.panel { border: 1px solid var(--vscode-editorWidget-border, #454545); border-radius: 4px; padding: 12px 14px; margin: 0 0 16px; transition: box-shadow 0.3s, border-color 0.3s; }
section.group.focused { border-color: var(--vscode-focusBorder, #007fd4); box-shadow: 0 0 0 1px var(--vscode-focusBorder, #007fd4); }
section.group.flash { background: var(--vscode-editor-findMatchHighlightBackground, rgba(234, 92, 0, 0.33)); }
section.group .head { display: flex; align-items: baseline; gap: 4px; }
.no-usage { font-style: italic; color: var(--vscode-descriptionForeground, #9d9d9d); }
table { border-collapse: collapse; width: 100%; margin: 2px 0 6px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, #3a3a3a); }
th { font-weight: 600; color: var(--vscode-descriptionForeground, #9d9d9d); }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid var(--vscode-editorWidget-border, #454545); }
tbody tr:hover { background: var(--vscode-list-hoverBackground, #2a2d2e); }
.chart { max-width: 100%; height: auto; display: block; margin: 4px 0 16px; }
.chart .bar-aws, .legend-aws { fill: var(--vscode-charts-blue, #3794ff); }
.chart .bar-proforma, .legend-proforma { fill: var(--vscode-charts-orange, #d18616); }
.chart text { fill: var(--vscode-foreground, #cccccc); font-size: 11px; font-family: var(--vscode-font-family, system-ui, sans-serif); }
.chart .chart-muted { fill: var(--vscode-descriptionForeground, #9d9d9d); font-style: italic; }
.trend-chart .bar-proforma { fill: var(--vscode-charts-orange, #d18616); opacity: 0.6; }
.trend-chart .bar-proforma.current { opacity: 1; }
.trend-chart .mark-aws { fill: var(--vscode-charts-blue, #3794ff); }
.trend-table tr.current td { font-weight: 600; }
.chart .chart-axis { stroke: var(--vscode-editorWidget-border, #454545); }
.reconciliation .ok { color: var(--vscode-charts-green, #89d185); }
.reconciliation .off { color: var(--vscode-charts-red, #f14c4c); font-weight: 600; }
.issues li.error { color: var(--vscode-errorForeground, #f48771); }
.issues li.warning { color: var(--vscode-editorWarning-foreground, #cca700); }
.empty { padding: 24px 0; }
.empty p { max-width: 60ch; }
.stale, .notice { border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700); padding: 2px 12px; margin: 8px 0; }
code { font-family: var(--vscode-editor-font-family, monospace); }
`;
