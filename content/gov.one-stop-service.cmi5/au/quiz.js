// The quiz AU: three questions, scored here; the score is judged against the LMS's masteryScore
// (passed or failed), then completed and terminated. A failed attempt can be launched again.
"use strict";
(async function () {
  var KEY = { q1: "no", q2: "no", q3: "log" };
  var form = document.getElementById("quiz");
  var button = document.getElementById("submit");
  var session = await Cmi5Au.begin("请作答。 · Answer the questions.");
  if (!session) return;
  button.disabled = false;
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    button.disabled = true;
    var data = new FormData(form);
    var right = Object.keys(KEY).filter(function (q) { return data.get(q) === KEY[q]; }).length;
    var scaled = Math.round((right / Object.keys(KEY).length) * 100) / 100;
    try {
      var passed = await session.judge(scaled);
      await session.complete();
      await session.terminate();
      Cmi5Au.show("status", (passed ? "通过" : "未通过") + "：答对 " + right + " 题。 · " + (passed ? "Passed" : "Not passed") + ": " + right + " right.");
      var back = document.getElementById("back");
      if (session.returnUrl()) { back.href = session.returnUrl(); back.hidden = false; }
    } catch (problem) {
      Cmi5Au.show("status", problem.message);
    }
  });
})();
