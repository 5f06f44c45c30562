// The article view: choose a speaker to see only their statements; choose an item in the
// side panel to move to its evidence in the text. No inline script anywhere (CSP).
"use strict";

function chooseSpeaker(key) {
  document.querySelectorAll(".speakers button").forEach((button) => {
    button.setAttribute("aria-pressed", String(button.dataset.speaker === key));
  });
  document.querySelectorAll("#article-text .att, #article-text .src, #article-text .cue")
    .forEach((el) => {
      el.classList.toggle("dim", key !== "" && el.dataset.speaker !== key);
    });
  document.querySelectorAll(".statements li").forEach((li) => {
    li.hidden = key !== "" && li.dataset.speaker !== key;
  });
  document.body.classList.toggle("filtered", key !== "");
}

function showEvidence(id) {
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
  target.classList.remove("flash");
  void target.offsetWidth; // restart the highlight animation
  target.classList.add("flash");
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".speakers button").forEach((button) => {
    button.addEventListener("click", () => chooseSpeaker(button.dataset.speaker || ""));
  });
  document.querySelectorAll("a.jump").forEach((link) => {
    link.addEventListener("click", (event) => {
      const id = link.getAttribute("href").slice(1);
      event.preventDefault();
      history.replaceState(null, "", "#" + id);
      showEvidence(id);
    });
  });
  if (location.hash.startsWith("#ev-")) showEvidence(location.hash.slice(1));
});
