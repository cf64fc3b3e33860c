/* Progressive enhancement only: every page works without this file.
   - the application forms show only the fieldset of the chosen applicant type;
   - "换一张" swaps the captcha image in place instead of re-submitting the form;
   - the offline entry screen shows which date counts for the chosen channel (Art. 31);
   - print buttons call window.print(). */
(function () {
  "use strict";

  function applicantToggle(form) {
    var radios = form.querySelectorAll('input[name="applicant_type"]');
    if (!radios.length) return;
    function update() {
      var checked = form.querySelector('input[name="applicant_type"]:checked');
      var person = !checked || checked.value === "natural_person";
      form.querySelectorAll("[data-applicant]").forEach(function (el) {
        var show = (el.getAttribute("data-applicant") === "person") === person;
        el.hidden = !show;
      });
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
    update();
  }

  function channelToggle(form) {
    var radios = form.querySelectorAll('input[name="channel"]');
    if (!radios.length) return;
    var rules = JSON.parse(form.getAttribute("data-channel-rules") || "{}");
    var confirmBox = form.querySelector("#fg-confirmed_on");
    var confirmLabel = confirmBox && confirmBox.querySelector("label");
    var evidenceReq = form.querySelector("#evidence-required");
    var ruleText = form.querySelector("#channel-rule");
    function update() {
      var checked = form.querySelector('input[name="channel"]:checked');
      if (!checked) return;
      var rule = rules[checked.value] || {};
      if (confirmBox) confirmBox.hidden = !rule.confirm;
      if (confirmLabel && rule.confirm) confirmLabel.textContent = rule.confirm;
      if (evidenceReq) evidenceReq.hidden = !rule.evidence;
      if (ruleText) ruleText.textContent = rule.rule || "";
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
    update();
  }

  function captchaRefresh() {
    document.querySelectorAll("[data-captcha-refresh]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        var img = document.getElementById(button.getAttribute("data-captcha-refresh"));
        if (!img) return;
        event.preventDefault();
        img.src = img.src.split("?")[0] + "?r=" + Date.now();
        var input = document.getElementById("id_captcha");
        if (input) { input.value = ""; input.focus(); }
      });
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-foi-form]").forEach(function (form) {
      applicantToggle(form);
      channelToggle(form);
    });
    captchaRefresh();
    printButtons();
  });
})();
