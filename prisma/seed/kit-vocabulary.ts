// The words seeded history is made of: browsers, API and SMTP clients, teammate names
// and the scopes restricted teammates get.
export const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
] as const;
export const API_CLIENTS = ["sendgrid-python/6.11.0", "sendgrid-nodejs/8.1.4", "sendgrid-php/8.1.2", "curl/8.5.0"] as const;
export const SMTP_CLIENTS = ["Postfix", "nodemailer/6.9.16", "PHPMailer 6.9.3"] as const;

export const TEAMMATE_NAMES = ["alex", "sam", "jordan", "casey", "morgan", "riley", "taylor", "jamie", "robin", "drew"] as const;

export const RESTRICTED_SCOPES = [
  ["mail.send", "stats.read"],
  ["templates.read", "templates.update", "mail.send"],
  ["marketing.read", "marketing.send"],
  ["suppression.read", "suppression.update"],
] as const;
