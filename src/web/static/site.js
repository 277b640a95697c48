// Optional enhancement: fill the hidden lat/lng fields from the phone's GPS.
(function () {
  var b = document.getElementById('locate');
  if (!b || !navigator.geolocation) return;
  b.hidden = false;
  b.addEventListener('click', function () {
    b.disabled = true;
    navigator.geolocation.getCurrentPosition(function (p) {
      document.querySelector('[name=lat]').value = p.coords.latitude.toFixed(6);
      document.querySelector('[name=lng]').value = p.coords.longitude.toFixed(6);
      b.textContent = '✓ ' + b.textContent;
    }, function () { b.disabled = false; }, { timeout: 15000, maximumAge: 60000 });
  });
})();
