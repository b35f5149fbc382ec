/* thidua — giao diện web: run buttons with live progress, refresh when the data changes, upload checks.
   Plain JavaScript, no library, works offline. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var version = document.body.getAttribute("data-version");
  var autoRefresh = document.body.getAttribute("data-auto-refresh") === "yes";
  var bar = document.getElementById("job-bar");
  var text = document.getElementById("job-text");
  var progress = document.getElementById("job-progress");
  var message = document.getElementById("job-message");
  var typing = false;
  var watching = false;
  var sawRunning = false;

  document.addEventListener("input", function () { typing = true; });

  function showJob(job) {
    if (!bar) return;
    if (job && job.running) {
      bar.classList.remove("hidden", "done");
      text.textContent = job.label + ": " + job.phase + " (" + job.seconds.toLocaleString("vi-VN") + " giây)";
      if (job.total) { progress.max = job.total; progress.value = job.done; progress.classList.remove("hidden"); }
      else { progress.removeAttribute("value"); }
    } else if (!bar.classList.contains("done")) {
      bar.classList.add("hidden");
    }
    document.querySelectorAll("form[data-job] button").forEach(function (b) { b.disabled = !!(job && job.running); });
  }

  var waitFor = "";  // the running job's id: the server answers when it ends, or within a second
  var timer = null;

  function schedule(ms) {  // one chain of polls: a new schedule replaces the pending one
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  function poll() {
    var url = "/api/trang-thai" + (waitFor ? "?doi=" + encodeURIComponent(waitFor) : "");
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        showJob(data.job);
        var running = data.job && data.job.running;
        waitFor = running ? String(data.job.id) : "";
        if (running) sawRunning = true;
        if (String(data.version) !== version && !running && (autoRefresh || watching) && !typing) {
          window.location.reload();
          return;
        }
        if (sawRunning && !running && data.job) {  // finished while this page stayed: say so, do not reload
          bar.classList.remove("hidden");
          bar.classList.add("done");
          text.textContent = data.job.label + (data.job.ok ? ": đã xong. " : ": không hoàn thành — " + data.job.message + " ");
          var link = document.createElement("a");
          link.href = window.location.pathname + window.location.search;
          link.textContent = "Tải lại trang để xem kết quả mới";
          text.appendChild(link);
          progress.classList.add("hidden");
          sawRunning = false;
        }
        schedule(running ? 50 : 3000);
      })
      .catch(function () { schedule(5000); });
  }

  document.querySelectorAll("form[data-job]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (message) { message.classList.add("hidden"); }
      fetch(form.action, { method: "POST", credentials: "same-origin",
                           headers: { "Accept": "application/json", "X-CSRF-Token": csrf } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.error) {
            if (message) { message.textContent = data.error; message.classList.remove("hidden"); }
            else { alert(data.error); }
            return;
          }
          watching = true;
          showJob(data.job);
          waitFor = String(data.job.id);
          schedule(0);  // follow it now, not at the next idle look
        })
        .catch(function () { alert("Không kết nối được với chương trình; hãy kiểm tra cửa sổ thidua serve còn chạy."); });
    });
  });

  // uploads: show the chosen files, refuse over the limit before sending (the server checks again)
  var upload = document.getElementById("upload-form");
  if (upload) {
    var input = document.getElementById("files");
    var list = document.getElementById("chosen");
    var drop = document.getElementById("drop");
    var err = document.getElementById("upload-error");
    var maxBytes = parseInt(upload.getAttribute("data-max-bytes"), 10);
    var maxFiles = parseInt(upload.getAttribute("data-max-files"), 10);
    var none = document.getElementById("none-chosen");
    var show = function () {
      list.innerHTML = "";
      if (none) none.classList.toggle("hidden", input.files.length > 0);
      var problems = [];
      Array.prototype.forEach.call(input.files, function (f) {
        var li = document.createElement("li");
        li.textContent = f.name + " (" + (f.size < 1024 ? f.size + " byte"
          : (f.size / 1024).toLocaleString("vi-VN", { maximumFractionDigits: 1 }) + " KB") + ")";
        if (f.size > maxBytes) { problems.push("Tệp \u201c" + f.name + "\u201d quá lớn, sẽ không được lưu."); li.className = "error"; }
        list.appendChild(li);
      });
      if (input.files.length > maxFiles) problems.push("Mỗi lần chỉ gửi tối đa " + maxFiles + " tệp.");
      err.textContent = problems.join(" ");
      err.classList.toggle("hidden", problems.length === 0);
      // a scan or PDF names no unit by itself: it needs the unit chosen, or a name starting with its code
      var orphans = unit.value ? [] : Array.prototype.filter.call(input.files, function (f) {
        var name = f.name.toLowerCase();
        var scan = kinds.some(function (k) { return name.slice(-k.length) === k; });
        return scan && !codes.some(function (c) { return /^[_\- ]/.test(name.slice(c.length)) && name.indexOf(c) === 0; });
      });
      hint.textContent = orphans.length ? "Bản chụp/PDF cần chọn đơn vị (hoặc tên tệp bắt đầu bằng mã đơn vị): "
        + orphans.map(function (f) { return "\u201c" + f.name + "\u201d"; }).join(", ")
        + ". Hãy chọn đơn vị ở ô \u201cCủa đơn vị\u201d trước khi gửi." : "";
      hint.classList.toggle("hidden", orphans.length === 0);
    };
    var unit = upload.querySelector("select[name=don_vi]");
    var hint = document.getElementById("upload-hint");
    var kinds = (upload.getAttribute("data-attachments") || "").split(" ").filter(Boolean);
    var codes = Array.prototype.map.call(unit.options, function (o) { return o.value.toLowerCase(); }).filter(Boolean);
    input.addEventListener("change", show);
    unit.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (n) {
      drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (n) {
      drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) { input.files = e.dataTransfer.files; show(); });
  }

  // a file picker that names its file in Vietnamese (the browser's own button may speak English)
  document.querySelectorAll("input[type=file][data-shows]").forEach(function (input) {
    input.addEventListener("change", function () {
      var target = document.getElementById(input.getAttribute("data-shows"));
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      target.textContent = names.length ? names.join(", ") : "Chưa chọn tệp nào.";
    });
  });

  var flashClose = document.getElementById("flash-close");
  if (flashClose) flashClose.addEventListener("click", function () {
    var box = document.getElementById("flashes");
    if (box) box.parentNode.removeChild(box);
  });

  // confirmations of the council's actions
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });

  poll();
})();
