/**
 * The preview's only script (inlined with the CSP nonce; no inline event handlers, which the CSP would block).
 * It applies the host's patches (only the parts and groups that changed, client/preview/preview-patch.ts) without
 * losing the scroll position, sorts and filters the summary table of groups, opens and closes group sections (the
 * details of a section are asked from the host when it opens: nothing of a collapsed group is in the page), reveals
 * and highlights a group on request, keeps the state the WebviewPanelSerializer needs to restore the panel, and
 * forwards clicks to the extension. Every HTML string it inserts was rendered, and escaped, by the host; names are
 * compared through getAttribute and set through setAttribute, never spliced into markup or selectors.
 * Outside VS Code (tests, screenshots) `acquireVsCodeApi` does not exist and messages go nowhere.
 */
export const PREVIEW_SCRIPT = `
(function () {
  'use strict';
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi()
    : { postMessage: function () {}, getState: function () { return undefined; }, setState: function () {} };
  var content = document.getElementById('content');
  var state = JSON.parse(document.body.getAttribute('data-state') || '{}');
  var saved = vscode.getState() || {};
  var sameDocument = saved.uri === state.uri;
  var sort = sameDocument && saved.sort ? saved.sort : { key: '', dir: 1 };
  var filterText = sameDocument && typeof saved.filter === 'string' ? saved.filter : '';
  /** Summary table rows by group name (the table's body is rebuilt from them in the sort order). */
  var rows = new Map();
  var groupOrder = [];

  function save() {
    vscode.setState({ uri: state.uri, group: state.group, period: state.period, scrollY: window.scrollY, sort: sort, filter: filterText });
  }
  function fromHtml(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    return template.content.firstElementChild;
  }
  function partOf(key) {
    var children = content.children;
    for (var i = 0; i < children.length; i++) if (children[i].getAttribute('data-part') === key) return children[i];
    return null;
  }
  function sections() { return content.querySelectorAll('section.group'); }
  function sectionOf(group) {
    var all = sections();
    for (var i = 0; i < all.length; i++) if (all[i].getAttribute('data-group') === group) return all[i];
    return null;
  }
  function bodyOf(section) { return section.querySelector('.body'); }
  function isOpen(section) { return !section.classList.contains('collapsed'); }
  function requestDetails(names) {
    if (names.length > 0) vscode.postMessage({ type: 'details', groups: names });
  }
  function setOpen(section, open) {
    section.classList.toggle('collapsed', !open);
    bodyOf(section).hidden = !open;
    var toggle = section.querySelector('[data-toggle]');
    if (toggle) toggle.setAttribute('aria-expanded', String(open));
    if (open && section.getAttribute('data-loaded') !== section.getAttribute('data-v')) {
      requestDetails([section.getAttribute('data-group')]);
    }
  }
  function newSection(patch, collapsed) {
    var section = document.createElement('section');
    section.className = 'group' + (collapsed ? ' collapsed' : '');
    section.id = patch.id;
    section.setAttribute('data-group', patch.name);
    section.setAttribute('aria-label', 'Billing group ' + patch.name);
    var head = document.createElement('div');
    head.className = 'head';
    var toggle = document.createElement('button');
    toggle.className = 'toggle';
    toggle.setAttribute('data-toggle', '');
    toggle.setAttribute('aria-expanded', String(!collapsed));
    toggle.setAttribute('aria-label', 'Show or hide the details');
    var headContent = document.createElement('div');
    headContent.className = 'head-content';
    head.appendChild(toggle);
    head.appendChild(headContent);
    var body = document.createElement('div');
    body.className = 'body';
    body.hidden = collapsed;
    section.appendChild(head);
    section.appendChild(body);
    return section;
  }

  // Summary table: sorted by a column (numbers are exact cents as text; "no usage" sorts last), filtered by text.
  function sortValue(row, key) {
    if (key === 'name') return row.getAttribute('data-row') || '';
    var text = row.getAttribute('data-' + key);
    return text === null || text === '' ? null : Number(text);
  }
  function compareRows(a, b) {
    if (!sort.key) return 0;
    var x = sortValue(a, sort.key), y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    var c = typeof x === 'string' ? x.localeCompare(y) : x - y;
    return c * sort.dir;
  }
  function matches(name) {
    if (!filterText) return true;
    var row = rows.get(name);
    return !!row && (row.getAttribute('data-filter') || '').indexOf(filterText) >= 0;
  }
  function renderRows() {
    var tbody = content.querySelector('tbody[data-rows]');
    var list = [];
    for (var i = 0; i < groupOrder.length; i++) if (rows.has(groupOrder[i])) list.push(rows.get(groupOrder[i]));
    if (sort.key) list.sort(compareRows);
    var shown = 0;
    for (var j = 0; j < list.length; j++) {
      var visible = matches(list[j].getAttribute('data-row'));
      list[j].hidden = !visible;
      if (visible) shown++;
    }
    var all = sections();
    for (var k = 0; k < all.length; k++) all[k].hidden = !matches(all[k].getAttribute('data-group'));
    if (!tbody) return;
    tbody.replaceChildren.apply(tbody, list);
    var count = content.querySelector('[data-count]');
    if (count) count.textContent = filterText ? shown + ' of ' + list.length : String(list.length);
    var heads = content.querySelectorAll('th [data-sort]');
    for (var h = 0; h < heads.length; h++) {
      var key = heads[h].getAttribute('data-sort');
      heads[h].parentElement.setAttribute('aria-sort', key === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
    var input = document.getElementById('group-filter');
    if (input && input.value !== filterText) input.value = filterText;
  }
  function readRows() {
    rows.clear();
    groupOrder = [];
    var existing = content.querySelectorAll('tbody[data-rows] tr[data-row]');
    for (var i = 0; i < existing.length; i++) {
      rows.set(existing[i].getAttribute('data-row'), existing[i]);
    }
    var all = sections();
    for (var j = 0; j < all.length; j++) groupOrder.push(all[j].getAttribute('data-group'));
  }

  function applyPatch(message) {
    var parts = message.parts || {};
    var order = message.order;
    if (order) {
      var wanted = new Set(order);
      var children = Array.prototype.slice.call(content.children);
      for (var i = 0; i < children.length; i++) if (!wanted.has(children[i].getAttribute('data-part'))) children[i].remove();
      for (var j = 0; j < order.length; j++) {
        var key = order[j];
        var existing = partOf(key);
        var element = Object.prototype.hasOwnProperty.call(parts, key) ? fromHtml(parts[key]) : existing;
        if (existing && element !== existing) existing.replaceWith(element);
        if (element) content.appendChild(element);
      }
    } else {
      Object.keys(parts).forEach(function (key) {
        var existing = partOf(key);
        if (existing) existing.replaceWith(fromHtml(parts[key]));
      });
    }
    var box = partOf('groups');
    var stale = [];
    (message.groups || []).forEach(function (patch) {
      var section = sectionOf(patch.name);
      if (!section && box) {
        section = newSection(patch, message.collapsed);
        box.appendChild(section);
      }
      if (patch.row !== undefined) rows.set(patch.name, fromHtml(patch.row));
      if (!section) return;
      if (patch.head !== undefined) section.querySelector('.head-content').innerHTML = patch.head;
      section.setAttribute('data-v', String(patch.v));
      if (isOpen(section)) stale.push(patch.name);
    });
    if (message.groupOrder) {
      groupOrder = message.groupOrder.slice();
      var keep = new Set(groupOrder);
      rows.forEach(function (_, name) { if (!keep.has(name)) rows.delete(name); });
      var all = sections();
      var byName = new Map();
      for (var s = 0; s < all.length; s++) {
        var name = all[s].getAttribute('data-group');
        if (keep.has(name)) byName.set(name, all[s]); else all[s].remove();
      }
      if (box) groupOrder.forEach(function (name) { if (byName.has(name)) box.appendChild(byName.get(name)); });
    }
    renderRows();
    requestDetails(stale);
  }
  function applyDetails(message) {
    (message.details || []).forEach(function (detail) {
      var section = sectionOf(detail.name);
      if (!section || section.getAttribute('data-v') !== String(detail.v)) return;
      bodyOf(section).innerHTML = detail.html;
      section.setAttribute('data-loaded', String(detail.v));
    });
  }

  // What the reader is looking at stays where it is on screen when a patch changes what lies above it (the trend
  // chart arriving after the bill, a group growing): the focused group if it is in view, else the first group or
  // part under the sticky header. At the very top nothing is anchored: the top stays the top.
  function headerBottom() {
    var header = document.querySelector('header');
    return header ? header.getBoundingClientRect().bottom : 0;
  }
  function anchorInView() {
    if (window.scrollY <= 0) return null;
    var top = headerBottom();
    var focused = state.group ? sectionOf(state.group) : null;
    if (focused) {
      var box = focused.getBoundingClientRect();
      if (box.bottom > top && box.top < window.innerHeight) return { group: state.group, top: box.top };
    }
    var all = sections();
    for (var i = 0; i < all.length; i++) {
      var rect = all[i].getBoundingClientRect();
      if (!all[i].hidden && rect.bottom > top) return { group: all[i].getAttribute('data-group'), top: rect.top };
    }
    var children = content.children;
    for (var j = 0; j < children.length; j++) {
      var part = children[j].getBoundingClientRect();
      if (part.bottom > top && children[j].getAttribute('data-part')) return { part: children[j].getAttribute('data-part'), top: part.top };
    }
    return { y: window.scrollY };
  }
  function keepInPlace(anchor) {
    if (!anchor) return;
    if (anchor.y !== undefined) { window.scrollTo(0, anchor.y); return; }
    var element = anchor.group !== undefined ? sectionOf(anchor.group) : partOf(anchor.part);
    if (!element) return;
    window.scrollBy(0, element.getBoundingClientRect().top - anchor.top);
  }

  var held = null;
  var heldUntil = 0;
  function scrollBelowHeader(section) {
    // Below the sticky header, not under it.
    var header = document.querySelector('header');
    var top = section.getBoundingClientRect().top + window.scrollY - (header ? header.offsetHeight : 0) - 8;
    window.scrollTo(0, Math.max(0, top));
  }
  function keepHeld() {
    var section = held && Date.now() < heldUntil ? sectionOf(held) : null;
    if (!section || section.hidden) { held = null; return false; }
    scrollBelowHeader(section);
    return true;
  }
  ['wheel', 'keydown', 'pointerdown', 'touchstart'].forEach(function (name) {
    window.addEventListener(name, function () { held = null; }, { passive: true, capture: true });
  });
  window.addEventListener('resize', keepHeld);

  function reveal(group, flash) {
    var focused = content.querySelectorAll('section.group.focused');
    for (var i = 0; i < focused.length; i++) focused[i].classList.remove('focused');
    var section = group ? sectionOf(group) : null;
    if (!section) return false;
    if (section.hidden) { filterText = ''; renderRows(); }
    setOpen(section, true);
    section.classList.add('focused');
    scrollBelowHeader(section);
    // The webview may not be laid out yet (VS Code sizes its frame after the document loaded) and its details or the
    // trend may arrive after: the group is held below the header until the reader scrolls, clicks or types (a drag of
    // the scroll bar sends none of these to the page, hence the few seconds' bound).
    held = group;
    heldUntil = Date.now() + 5000;
    if (flash) {
      section.classList.add('flash');
      setTimeout(function () { section.classList.remove('flash'); }, 900);
    }
    state.group = group;
    save();
    return true;
  }

  window.addEventListener('message', function (event) {
    var message = event.data || {};
    if (message.type === 'patch') {
      var anchor = anchorInView();
      applyPatch(message);
      state = message.state || state;
      if (message.reveal && reveal(state.group, true)) return;
      if (state.group && sectionOf(state.group)) sectionOf(state.group).classList.add('focused');
      if (!keepHeld()) keepInPlace(anchor);
      save();
    } else if (message.type === 'details') {
      var anchorBefore = anchorInView();
      applyDetails(message);
      if (!keepHeld()) keepInPlace(anchorBefore);
    } else if (message.type === 'reveal') {
      reveal(message.group, true);
    }
  });

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var revealer = target && target.closest('[data-reveal]');
    if (revealer) {
      event.preventDefault();
      reveal(revealer.getAttribute('data-reveal'), true);
      return;
    }
    var sorter = target && target.closest('[data-sort]');
    if (sorter) {
      var key = sorter.getAttribute('data-sort');
      sort = { key: key, dir: sort.key === key ? -sort.dir : key === 'name' ? 1 : -1 };
      renderRows();
      save();
      return;
    }
    var commander = target && target.closest('[data-command]');
    if (commander) {
      event.preventDefault();
      vscode.postMessage({ type: 'command', command: commander.getAttribute('data-command'), group: commander.getAttribute('data-group') || undefined });
      return;
    }
    var head = target && target.closest('section.group > .head');
    if (head) setOpen(head.parentElement, !isOpen(head.parentElement));
  });
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.id === 'period-select') vscode.postMessage({ type: 'selectPeriod', period: target.value });
  });
  document.addEventListener('input', function (event) {
    var target = event.target;
    if (target && target.id === 'group-filter') {
      filterText = String(target.value || '').trim().toLowerCase();
      renderRows();
      save();
    }
  });
  var scrollTimer;
  window.addEventListener('scroll', function () {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(save, 150);
  });

  readRows();
  renderRows();
  if (state.reveal && state.group) {
    reveal(state.group, true);
  } else if (typeof saved.scrollY === 'number' && sameDocument) {
    window.scrollTo(0, saved.scrollY);
    save();
  } else {
    save();
  }
  // Marks that the script ran (the CSP admitted it); tests look for it.
  document.documentElement.setAttribute('data-script', 'ready');
  vscode.postMessage({ type: 'ready', document: document.body.getAttribute('data-document') || '' });
})();
`;
