// Save an entry's draft as the clerk types: two seconds after the last change, send the form
// with the version it edits. A 409 means someone else saved first: stop and reload to show it.
// A click on 保存 or 提出 waits for an autosave still on its way, so it carries the new version.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form || form.dataset.autosave !== "on") { return; }
  var status = document.getElementById("autosave-status");
  var timer = null;
  var inflight = null;
  function say(text) { if (status) { status.textContent = text; } }
  function save() {
    var data = new FormData(form);
    data.delete("then");
    inflight = fetch(window.location.pathname, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 409) { say("他の人が更新しました。再読み込みします。"); window.location.reload(); return null; }
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result) { return; }
      if (result.ok) {
        form.elements.version.value = result.body.version;
        say("下書きを保存しました（" + new Date().toLocaleTimeString("ja-JP") + "）");
      } else {
        say("保存できません: " + Object.values(result.body.problems || {}).join(" "));
      }
    }).catch(function () {
      say("保存できませんでした。通信を確認してください。");
    }).then(function () { inflight = null; });
  }
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inflight) {
      event.preventDefault();
      var button = event.submitter;
      inflight.then(function () { form.requestSubmit(button); });
    }
  });
  form.addEventListener("input", function () {
    clearTimeout(timer);
    say("入力中…");
    timer = setTimeout(save, 2000);
  });
})();
