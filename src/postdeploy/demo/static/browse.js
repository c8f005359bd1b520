// Browse: submit the search form as soon as a category is picked.
(function () {
  var select = document.getElementById("category");
  if (select && select.form) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
})();
