export { renderEmail, formatExpiry, passwordResetUrl, confirmationUrl, signInUrl, type RenderedEmail } from "./render-email";
