// After django-otp-webauthn's script has registered a passkey, go on to the page the button names
// (new recovery codes, or the list of second factors).
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const button = document.getElementById("passkey-register-button");
  window.location.assign(button && button.dataset.after ? button.dataset.after : "/accounts/second-factor/");
});
