// The AU side of cmi5 (the spec's "AU requirements"), written for this course with plain fetch:
// read the launch parameters, trade the one-time fetch URL for an auth token, read LMS.LaunchData,
// then send the cmi5-defined statements in the order the LMS enforces:
// initialized, completed and/or passed/failed, terminated.
"use strict";

window.Cmi5Au = (function () {
  var VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated",
  };
  var CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon";

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function isoDuration(ms) {
    return "PT" + (Math.max(0, ms) / 1000).toFixed(2) + "S";
  }

  function Session() {
    var q = new URLSearchParams(window.location.search);
    this.endpoint = q.get("endpoint");
    this.fetchUrl = q.get("fetch");
    this.registration = q.get("registration");
    this.activityId = q.get("activityId");
    this.actor = q.get("actor") ? JSON.parse(q.get("actor")) : null;
    this.token = null;
    this.launchData = null;
    this.started = Date.now();
    if (!this.endpoint || !this.fetchUrl || !this.registration || !this.activityId || !this.actor)
      throw new Error("This page is an AU of a cmi5 course: open it from the course, not directly.");
    if (this.endpoint.slice(-1) !== "/") this.endpoint += "/";
  }

  Session.prototype.headers = function () {
    return {
      "Authorization": "Basic " + this.token,
      "X-Experience-API-Version": "1.0.3",
      "Content-Type": "application/json",
    };
  };

  // The fetch URL answers once; a second POST is refused with an error-code, so never retry it.
  Session.prototype.start = async function () {
    var answer = await fetch(this.fetchUrl, { method: "POST" });
    var body = await answer.json();
    if (!answer.ok || !body["auth-token"]) throw new Error("The course could not start: " + (body["error-text"] || answer.status));
    this.token = body["auth-token"];
    var state = this.endpoint + "activities/state?" + new URLSearchParams({
      stateId: "LMS.LaunchData",
      activityId: this.activityId,
      agent: JSON.stringify(this.actor),
      registration: this.registration,
    });
    var launch = await fetch(state, { headers: this.headers() });
    if (!launch.ok) throw new Error("LMS.LaunchData could not be read: " + launch.status);
    this.launchData = await launch.json();
    await this.send("initialized");
    return this.launchData;
  };

  Session.prototype.send = async function (verb, result) {
    var template = this.launchData.contextTemplate || {};
    var context = JSON.parse(JSON.stringify(template));
    context.registration = this.registration;
    context.contextActivities = context.contextActivities || {};
    var categories = [{ id: CMI5_CATEGORY }];
    if (verb === "completed" || verb === "passed" || verb === "failed") categories.push({ id: MOVEON_CATEGORY });
    context.contextActivities.category = (context.contextActivities.category || []).concat(categories);
    var statement = {
      id: uuid(),
      actor: this.actor,
      verb: { id: VERBS[verb], display: { "en-US": verb } },
      object: { id: this.activityId, objectType: "Activity" },
      context: context,
      timestamp: new Date().toISOString(),
    };
    if (result) statement.result = result;
    var answer = await fetch(this.endpoint + "statements", { method: "POST", headers: this.headers(), body: JSON.stringify(statement) });
    if (!answer.ok) throw new Error("The LMS refused '" + verb + "': " + answer.status + " " + (await answer.text()));
  };

  Session.prototype.complete = function () {
    return this.send("completed", { completion: true, duration: isoDuration(Date.now() - this.started) });
  };

  // scaled is 0..1; passing is decided against the LMS's masteryScore when it sent one, as the spec requires.
  Session.prototype.judge = function (scaled) {
    var mastery = this.launchData.masteryScore;
    var success = mastery === undefined || mastery === null ? scaled >= 0.6 : scaled >= mastery;
    return this.send(success ? "passed" : "failed", {
      score: { scaled: scaled },
      success: success,
      duration: isoDuration(Date.now() - this.started),
    }).then(function () { return success; });
  };

  Session.prototype.terminate = function () {
    return this.send("terminated", { duration: isoDuration(Date.now() - this.started) });
  };

  Session.prototype.returnUrl = function () {
    return this.launchData && this.launchData.returnURL;
  };

  function show(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }

  // Starts the AU's session and says so in #status, or shows why it could not start: null then, and the AU stays inert.
  async function begin(ready) {
    var session;
    try {
      session = new Session();
      await session.start();
    } catch (problem) {
      show("status", problem.message);
      return null;
    }
    show("status", ready);
    return session;
  }

  return { Session: Session, show: show, begin: begin };
})();
