// The reading AU: initialized on load, completed and terminated when the learner says they have read it.
"use strict";
(async function () {
  var button = document.getElementById("done");
  var session = await Cmi5Au.begin("请阅读全文，读完后点击按钮。 · Read the page, then press the button.");
  if (!session) return;
  button.disabled = false;
  button.addEventListener("click", async function () {
    button.disabled = true;
    try {
      await session.complete();
      await session.terminate();
      Cmi5Au.show("status", "已完成。 · Completed.");
      var back = document.getElementById("back");
      if (session.returnUrl()) { back.href = session.returnUrl(); back.hidden = false; }
    } catch (problem) {
      Cmi5Au.show("status", problem.message);
    }
  });
})();
