// Admin, "Add a draft from text", step 2: show a point's title box only while the point
// is to start a new thread. Without JavaScript every box stays visible and works.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const cell of document.querySelectorAll(".draft-decision")) {
    const select = cell.querySelector("select");
    const titleBox = cell.querySelector(".draft-new-thread");
    const update = () => {
      titleBox.hidden = select.value !== "new" && !titleBox.querySelector(".errorlist");
    };
    select.addEventListener("change", update);
    update();
  }
});
