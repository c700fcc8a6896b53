/* The console's only script: live preview of a broadcast, commune filter, progress.
   Every page also works without it (the forms post; the preview shows after saving). */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function setupPreview(form) {
    var timer = null;
    var lengthLine = document.getElementById("length");
    var problems = document.getElementById("problems");
    var reach = document.getElementById("reach");

    function render(data) {
      var over = data.length > data.limit;
      lengthLine.textContent = data.length + "/" + data.limit + " ký tự · tiêu đề " +
        data.title_length + "/" + data.title_limit;
      lengthLine.className = "counter" + (over || data.title_length > data.title_limit ? " over" : "");
      var shown = {};
      data.platforms.forEach(function (platform) { shown[platform.platform] = platform; });
      document.querySelectorAll(".parts").forEach(function (box) {
        var platform = shown[box.dataset.platform];
        box.textContent = "";
        if (!platform) { box.parentElement.hidden = true; return; }
        box.parentElement.hidden = false;
        box.previousElementSibling.textContent = platform.label + " (" + platform.parts.length +
          " tin, tối đa " + platform.limit + " ký tự mỗi tin)";
        platform.parts.forEach(function (part) {
          var bubble = document.createElement("div");
          bubble.className = "bubble";
          bubble.textContent = part;
          box.appendChild(bubble);
        });
      });
      var issues = data.errors.concat(data.problems);
      problems.hidden = issues.length === 0;
      problems.textContent = issues.length ? "Cần sửa trước khi duyệt: " + issues.join(" ") : "";
      var names = { zalo: "Zalo", facebook: "Facebook", simulator: "Chat thử" };
      var parts = Object.keys(data.reach).map(function (channel) {
        return (names[channel] || channel) + ": " + data.reach[channel];
      });
      reach.textContent = "Số người đăng ký nhận được tin: " + data.reach_total +
        (parts.length ? " (" + parts.join(", ") + ")" : "");
    }

    function refresh() {
      fetch(form.dataset.preview, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) { if (data) { render(data); } }).catch(function () {});
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    refresh();
  }

  // "Hoàn Kiếm", "hoan kiem" and "HOÀN KIẾM" compare equal: officers type without
  // diacritics as often as with them.
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setupCommuneFilter(input) {
    var labels = Array.prototype.slice.call(document.querySelectorAll("#commune-list label"));
    labels.forEach(function (label) { label.dataset.folded = folded(label.dataset.name); });
    input.addEventListener("input", function () {
      var wanted = folded(input.value);
      labels.forEach(function (label) {
        label.hidden = wanted !== "" && label.dataset.folded.indexOf(wanted) === -1;
      });
    });
  }

  function setupProgress(box) {
    var bar = document.getElementById("progress-bar");
    var badge = document.getElementById("status-badge");
    function poll() {
      fetch(box.dataset.url, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (!data) { return; }
        box.querySelectorAll("[data-figure]").forEach(function (cell) {
          cell.textContent = data[cell.dataset.figure];
        });
        bar.max = data.targeted || 1;
        bar.value = data.finished;
        badge.textContent = data.status_label;
        badge.className = "badge " + data.status;
        if (data.status === "scheduled" || data.status === "sending") {
          setTimeout(poll, 1500);
        } else {
          window.location.reload();  // finished: the actions and history change too
        }
      }).catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
  }

  function setupCounter(field) {
    var line = document.querySelector('[data-counter-for="' + field.name + '"]');
    if (!line) { return; }
    var limit = parseInt(field.dataset.count, 10);
    function update() {
      var length = field.value.length;
      line.textContent = length + "/" + limit + " ký tự";
      line.className = "counter" + (length > limit ? " over" : "");
    }
    field.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-count]").forEach(setupCounter);
    var form = document.getElementById("compose");
    if (form) { setupPreview(form); }
    var filter = document.getElementById("commune-filter");
    if (filter) { setupCommuneFilter(filter); }
    var progress = document.getElementById("progress");
    if (progress && progress.dataset.live === "yes") { setupProgress(progress); }
  });
}());
