// Kestrel's help-center articles: the retrieved sources attached to outputs, and the ground truth
// the planted factual errors contradict. Keep the numbers here in step with lib/demo/customers.ts
// and the correct answers in lib/demo/scenarios.ts, or "correct" outputs become wrong.

export type KbArticle = { id: string; title: string; url: string; text: string };

const BASE_URL = "https://help.kestrel.app/articles";

function article(number: number, slug: string, title: string, text: string): KbArticle {
  return { id: `kb-${number}`, title, url: `${BASE_URL}/${number}-${slug}`, text };
}

const ARTICLES: KbArticle[] = [
  article(1001, "refund-policy", "Refund policy",
    "Monthly subscriptions can be refunded in full within 14 days of the charge. Annual subscriptions can be refunded in full within 30 days of purchase or renewal; after 30 days we refund the unused full months pro rata. Refunds are paid to the original payment method. Purchases made through the Apple App Store or Google Play must be refunded by Apple or Google."),
  article(1002, "refund-timing", "How long do refunds take?",
    "Approved refunds are sent the same business day. Most banks show them within 5–10 business days, sometimes as a reversal of the original charge rather than a new line. If more than 10 business days have passed, reply with a statement showing the original charge and we will request a refund trace from our payment provider."),
  article(1003, "app-store-refunds", "Refunds for App Store and Google Play purchases",
    "If you subscribed in the iOS app, Apple handles the payment and any refund: request one at reportaproblem.apple.com. If you subscribed through Google Play, request a refund from your Google Play order history. Kestrel support cannot see or refund these purchases."),
  article(1004, "cancel-subscription", "Cancelling your subscription",
    "Cancel any time in Settings → Billing → Manage plan → Cancel subscription. You keep access until the end of the period you paid for. Cancelling stops future renewals; it does not refund the current period by itself (see the refund policy)."),
  article(1005, "refund-payment-method", "Where refunds are paid",
    "Refunds always go back to the original payment method. If that card has been closed or replaced, the card issuer normally forwards the refund to your new card or account; contact your bank if it has not arrived after 10 business days."),
  article(1010, "renewals", "Understanding your renewal charges",
    "Subscriptions renew automatically on the same calendar day each month or year. We email a receipt after every charge and a reminder 7 days before an annual renewal. Invoices are in Settings → Billing → Invoices."),
  article(1011, "free-trial", "The Pro free trial",
    "The Pro free trial lasts 14 days. Unless you cancel before it ends, it converts to a monthly Pro subscription at $12.99/month. We email a reminder 3 days before the trial ends."),
  article(1012, "duplicate-charges", "Seeing two charges",
    "A charge that looks duplicated is usually a pending authorization from a declined or retried payment; it is never collected and disappears within 3–5 business days. If two charges both post, contact us and we refund the duplicate."),
  article(1013, "payment-method", "Updating your payment method",
    "Go to Settings → Billing → Payment method and choose Replace card. The new card is used from the next charge. We never ask for your full card number or security code in chat or email."),
  article(1014, "failed-payments", "Failed payments",
    "If a renewal payment fails, we retry it 3 times over 7 days and email you each time. If all retries fail, the account moves to the Free plan; your data is kept and you can subscribe again at any time."),
  article(1015, "invoices-vat", "Invoices, company details and VAT",
    "Add a company name, address and VAT ID in Settings → Billing → Billing details. Invoices issued in the last 12 months can be re-generated with the updated details and downloaded as PDF from Settings → Billing → Invoices."),
  article(1016, "pro-pricing", "Pro pricing",
    "Pro costs $12.99/month or $129/year (previously $9.99 and $99). Existing subscribers are emailed at least 30 days before a price change, which applies from their first renewal after the notice. Annual billing saves about 17% compared with paying monthly."),
  article(1017, "enterprise-seats", "Adding seats to an Enterprise workspace",
    "Workspace admins add seats in Admin console → Seats. New seats are charged pro rata for the rest of the current billing period, then at $15 per seat per month (or $150 per seat per year) from the next renewal."),
  article(1020, "reset-password", "Resetting your password",
    "Select Forgot password on the sign-in page and enter the email address you signed up with. The reset link is valid for 60 minutes and can be used once; only the newest link works. If it does not arrive within a few minutes, check your spam folder. Accounts created with Apple or Google sign-in have no Kestrel password."),
  article(1021, "locked-accounts", "Locked accounts",
    "After 5 failed sign-in attempts, sign-in is paused for 30 minutes and then unlocks automatically. Support cannot lift the pause early. You can reset your password while the account is paused."),
  article(1022, "2fa-recovery", "Two-factor authentication recovery",
    "If you lose your authenticator, sign in with one of the recovery codes you saved when you enabled 2FA; each code works once. Without a recovery code, submit an identity verification request from the sign-in page; our security team reviews it within 1–2 business days. Support agents cannot turn off 2FA in chat."),
  article(1023, "change-email", "Changing your account email",
    "Signed-in users change their email in Settings → Account → Email; we send a confirmation link to both the old and the new address. If you no longer have access to the old address, submit an identity verification request. Support cannot change the email in chat."),
  article(1024, "compromised-account", "If you think your account was compromised",
    "Reset your password immediately, then use Settings → Security → Sign out of all devices. Turn on two-factor authentication and review Settings → Security → Recent activity for sign-ins you do not recognise. If you cannot sign in, start an identity verification request."),
  article(1025, "sso", "Single sign-on (SAML) for Enterprise",
    "Workspace admins manage SSO in Admin console → Security → Single sign-on. If the identity provider rotates its signing certificate, upload the new certificate there; until then users see 'invalid SAML response'. Admins can always sign in with password and 2FA."),
  article(1030, "export-data", "Exporting your data",
    "Go to Settings → Privacy → Export my data. We prepare a ZIP archive of all your data and email a download link within 24 hours; the link expires after 7 days. Exports are available on every plan and in every app."),
  article(1031, "delete-account", "Deleting your account",
    "Go to Settings → Account → Delete account. Deletion cancels a subscription bought directly from Kestrel; App Store or Google Play subscriptions must be cancelled there. You can restore the account for 30 days, after which the data is permanently deleted."),
  article(1032, "devices", "Using Kestrel on several devices",
    "Free accounts can be signed in on 2 devices at a time, Pro on 5 and Enterprise seats on 10. Remove old devices in Settings → Security → Devices."),
  article(1033, "contact", "Contacting a person",
    "Human agents are available by chat Monday to Friday, 8:00–18:00 CET; type 'agent' in the chat during those hours. You can also email support@kestrel.app; we reply within one business day. We do not offer phone support."),
  article(1034, "crashes", "Troubleshooting crashes",
    "Update to the latest app version and restart your device. On Android, clearing the app cache (Settings → Apps → Kestrel → Storage) often helps. If the problem continues, use Help → Report a problem in the app, which attaches diagnostic logs."),
  article(1035, "privacy", "Privacy at Kestrel",
    "We do not sell personal data. We share data only with the processors needed to run the service (hosting, payments, email), listed in our privacy policy. You can export or delete your data at any time."),
  article(1036, "settings", "Appearance, language and notifications",
    "Theme (light, dark or system) is in Settings → Appearance. The app language is in Settings → Language. Reminder and email notifications are in Settings → Notifications, where each reminder can be switched off or rescheduled. Text size follows your device's accessibility settings."),
  article(1040, "health-information", "Health information in Kestrel",
    "Kestrel's assistant gives general health information only and is not a substitute for a doctor or pharmacist. For doses, follow the package label or your prescriber. For chest pain, sudden weakness or numbness, severe breathing problems or a sudden severe headache, call your local emergency number."),
  article(1041, "medication-safety", "Medication safety basics",
    "Never exceed the maximum daily dose on the package. Several products can contain the same active ingredient, such as acetaminophen (paracetamol), so check labels when combining them. Ask a pharmacist before combining medicines, and finish prescribed antibiotics unless your prescriber says otherwise."),
  article(1042, "supplements", "Vitamins and supplements",
    "Supplements can have side effects and interact with medicines. Fat-soluble vitamins such as vitamin D, and minerals such as iron, can build up and cause harm at high doses. Ask a doctor or pharmacist before taking supplements long term."),
  article(1050, "money-guides", "Money guides: general information only",
    "Kestrel money guides are general information, not personal financial advice, and we do not recommend specific investments. For decisions about your situation, consider a licensed financial adviser."),
  article(1051, "emergency-fund", "Building an emergency fund",
    "A common guideline is to keep 3–6 months of essential expenses in an easily accessible, low-risk account, such as a savings account, before investing. Paying off high-interest debt usually comes before investing."),
  article(1052, "investment-scams", "Spotting investment scams",
    "Promises of guaranteed high returns, pressure to act quickly and requests to pay in crypto or gift cards are warning signs of a scam. Check whether a firm is registered with your financial regulator before investing."),
  article(1053, "retirement-accounts", "Retirement accounts basics",
    "IRAs and 401(k)s have annual contribution limits set by the IRS, adjusted most years, with extra catch-up contributions from age 50. IRA contributions cannot exceed your earned income. Early withdrawals are generally taxed and may carry a 10% penalty."),
];

export const KB: Readonly<Record<string, KbArticle>> = Object.fromEntries(ARTICLES.map((a) => [a.id, a]));

export function kbArticle(id: string): KbArticle {
  const found = KB[id];
  if (!found) throw new Error(`unknown demo help article ${id}`);
  return found;
}

/**
 * Articles by area, for the retrieval noise: real retrievers often return a near-miss article
 * next to the right one, and reviewers should see that too.
 */
export const KB_AREAS: Readonly<Record<string, readonly string[]>> = {
  refunds: ["kb-1001", "kb-1002", "kb-1003", "kb-1004", "kb-1005"],
  billing: ["kb-1010", "kb-1011", "kb-1012", "kb-1013", "kb-1014", "kb-1015", "kb-1016", "kb-1017", "kb-1004"],
  account_access: ["kb-1020", "kb-1021", "kb-1022", "kb-1023", "kb-1024", "kb-1025"],
  general: ["kb-1030", "kb-1031", "kb-1032", "kb-1033", "kb-1034", "kb-1035", "kb-1036"],
  medical_questions: ["kb-1040", "kb-1041", "kb-1042"],
  financial_advice: ["kb-1050", "kb-1051", "kb-1052", "kb-1053"],
};
