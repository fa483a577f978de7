// Admin, "Add a draft from text", step 2: show a point's thread search only while it is to
// join an existing thread, its title box only while it is to start a new one, and a
// removal's note only while it is to be recorded; say when a changed link (a choice, or a
// thread picked in the search box) may have made the list of base points not continued out
// of date; set every base point's choice at once in the page, where without JavaScript
// the buttons ask the server to. Without JavaScript everything stays visible and works.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const showWhile = (control, box, isWanted) => {
    const update = () => {
      box.hidden = !isWanted() && !box.querySelector(".errorlist");
    };
    control.addEventListener("change", update);
    update();
  };
  const stale = document.querySelector(".draft-dropped-stale");
  const markStale = () => { stale.hidden = false; };
  for (const cell of document.querySelectorAll(".draft-decision")) {
    const select = cell.querySelector("select");
    if (stale) {
      select.addEventListener("change", markStale);
      // The thread search box (the admin's select2) tells jQuery's listeners only.
      const thread = cell.querySelector(".draft-thread select");
      if (thread && window.django && django.jQuery) django.jQuery(thread).on("change", markStale);
    }
    showWhile(select, cell.querySelector(".draft-new-thread"), () => select.value === "new");
    showWhile(select, cell.querySelector(".draft-thread"), () => select.value === "thread");
  }
  for (const removal of document.querySelectorAll(".draft-removal")) {
    const note = removal.querySelector(".draft-removal-note");
    const removed = removal.querySelector("input[value=removed]");
    showWhile(removal, note, () => removed.checked);
  }
  for (const button of document.querySelectorAll(".draft-removal-all button")) {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      for (const radio of document.querySelectorAll(`.draft-removal input[value=${button.value}]`)) {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      }
      const folded = document.querySelector(".draft-dropped-folded");
      if (folded && button.value === "removed") folded.open = true;
    });
  }
});
