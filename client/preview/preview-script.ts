/**
 * The preview's only script (inlined with the CSP nonce; no inline event handlers, which the CSP would block).
 * It swaps in re-rendered content without losing the scroll position, reveals and highlights a group on request,
 * keeps the state the WebviewPanelSerializer needs to restore the panel, and forwards clicks to the extension.
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

  function save() {
    vscode.setState({ uri: state.uri, group: state.group, period: state.period, scrollY: window.scrollY });
  }
  function sectionOf(group) {
    var sections = document.querySelectorAll('section.group');
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getAttribute('data-group') === group) return sections[i];
    }
    return null;
  }
  function reveal(group, flash) {
    var sections = document.querySelectorAll('section.group.focused');
    for (var i = 0; i < sections.length; i++) sections[i].classList.remove('focused');
    var section = group ? sectionOf(group) : null;
    if (!section) return false;
    section.classList.add('focused');
    // Below the sticky header, not under it.
    var header = document.querySelector('header');
    var top = section.getBoundingClientRect().top + window.scrollY - (header ? header.offsetHeight : 0) - 8;
    window.scrollTo(0, Math.max(0, top));
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
    if (message.type === 'update') {
      var y = window.scrollY;
      content.innerHTML = message.html;
      state = message.state || state;
      if (message.reveal && reveal(state.group, true)) return;
      if (state.group && sectionOf(state.group)) sectionOf(state.group).classList.add('focused');
      window.scrollTo(0, y);
      save();
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
    var commander = target && target.closest('[data-command]');
    if (commander) {
      event.preventDefault();
      vscode.postMessage({ type: 'command', command: commander.getAttribute('data-command'), group: commander.getAttribute('data-group') || undefined });
    }
  });
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.id === 'period-select') vscode.postMessage({ type: 'selectPeriod', period: target.value });
  });
  var scrollTimer;
  window.addEventListener('scroll', function () {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(save, 150);
  });

  if (state.reveal && state.group) {
    reveal(state.group, true);
  } else if (typeof saved.scrollY === 'number' && saved.uri === state.uri) {
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
