// The AU on a standard cmi5 runtime: the @xapi/cmi5 library (vendor/cmi5.umd.js, global Cmi5) reads the launch
// parameters, trades the fetch URL for the auth token, reads LMS.LaunchData and the learner's preferences, and sends
// initialized; each answer goes as an answered statement, then moveOn sends passed or failed (judged against the
// LMS's masteryScore), completed and terminated. Nothing here knows how Gamified does any of it.
"use strict";
(async function () {
  var KEY = { q1: "data", q2: "confirm", q3: "no" };
  var form = document.getElementById("quiz");
  var button = document.getElementById("submit");
  function show(id, text) { document.getElementById(id).textContent = text; }
  function problemText(problem) {
    var status = problem && problem.response ? " (HTTP " + problem.response.status + ")" : "";
    return "出错了 · Something went wrong: " + (problem && problem.message ? problem.message : problem) + status;
  }

  if (!Cmi5.isCmiAvailable) {
    show("status", "请从学习平台打开本课。 · Open this unit from the learning platform.");
    return;
  }
  var cmi5 = new Cmi5();
  try {
    await cmi5.initialize();
  } catch (problem) {
    show("status", problemText(problem));
    return;
  }
  var launch = cmi5.getLaunchData();
  var language = (cmi5.getLearnerPreferences() || {}).languagePreference || "";
  if (/^en/i.test(language)) document.body.classList.add("en-first");
  show("settings", "及格线 · Pass mark: " + Math.round((launch.masteryScore || 0) * 100) + "%"
    + (language ? " · 语言 · Language: " + language : ""));
  show("status", "请作答。 · Answer the questions.");
  button.disabled = false;

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    button.disabled = true;
    var data = new FormData(form);
    var questions = Object.keys(KEY);
    var right = questions.filter(function (q) { return data.get(q) === KEY[q]; }).length;
    try {
      for (var i = 0; i < questions.length; i++) {
        var q = questions[i];
        var answer = data.get(q) ? [String(data.get(q))] : [];
        await cmi5.interactionChoice("quiz", q, answer, [KEY[q]], undefined, undefined, undefined, answer[0] === KEY[q]);
      }
      var scaled = Math.round((right / questions.length) * 100) / 100;
      await cmi5.moveOn({ score: { scaled: scaled, raw: right, min: 0, max: questions.length } });
      var passed = scaled >= (launch.masteryScore || 0);
      show("status", (passed ? "通过" : "未通过") + "：答对 " + right + " 题。 · " + (passed ? "Passed" : "Not passed") + ": " + right + " right.");
      var back = document.getElementById("back");
      if (launch.returnURL) { back.href = launch.returnURL; back.hidden = false; }
    } catch (problem) {
      show("status", problemText(problem));
    }
  });
})();
