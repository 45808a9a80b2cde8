// What users ask and what a correct answer says, per task type. Each scenario draws its own slots
// (amounts, days, medicines, devices) so that thousands of conversations read differently, and
// offers flawed variants of its answer for the defects that plausibly occur in it. Correct
// answers must agree with lib/demo/knowledge-base.ts: reviewers are meant to check against it.
import type { Rng } from "@/lib/demo/random";
import type { PlantedDefect, TaskType } from "@/lib/demo/types";
import {
  type Customer,
  type Segment,
  PRO_ANNUAL,
  PRO_ANNUAL_OLD,
  PRO_MONTHLY,
  PRO_MONTHLY_OLD,
  SEAT_ANNUAL,
  SEAT_MONTHLY,
  capitalize,
  customerEmail,
  daysAgoPhrase,
  recently,
  sinceWhen,
  roundUsd,
  strangerEmail,
  usd,
} from "@/lib/demo/customers";

/** A flawed answer body and a reviewer-style note saying what is wrong with it. */
export type Flaw = { body: string; note: string };

export type Draft = {
  /** The substance of the user's message; greetings and sign-offs are added around it. */
  ask: string;
  /** The substance of a correct answer. */
  body: string;
  /** The body starts with its own apology or acknowledgement, so the answer shouldn't add another. */
  opens?: boolean;
  /** Help articles that support the correct answer, best first. */
  articles: readonly string[];
  /**
   * The scenario's own flawed variants, built only when a defect is being planted: creating the
   * closures for every record was a measurable share of the generation time.
   */
  flaws: Partial<Record<PlantedDefect, (() => Flaw) | undefined>> | null;
};

export type Scenario = {
  key: string;
  task: TaskType;
  weight: number;
  /** Segments the question makes sense for (seat purchases are Enterprise-only); all when absent. */
  segments?: readonly Segment[];
  /** `defect`: the defect about to be planted, if any (see `Draft.flaws`). */
  build: (rng: Rng, customer: Customer, defect: PlantedDefect | null) => Draft;
};

// ---------------------------------------------------------------------------------------------
// Refund rules, shared by several billing and refund scenarios.

type RefundDecision = { kind: "full" | "prorata" | "none"; window: number; refund: number; unusedMonths: number };

function decideRefund(customer: Customer, days: number): RefundDecision {
  if (customer.cycle === "monthly") {
    return days <= 14 ? { kind: "full", window: 14, refund: customer.charge, unusedMonths: 0 } : { kind: "none", window: 14, refund: 0, unusedMonths: 0 };
  }
  if (days <= 30) return { kind: "full", window: 30, refund: customer.charge, unusedMonths: 0 };
  const unusedMonths = Math.max(0, 12 - Math.ceil(days / 30.4));
  return { kind: "prorata", window: 30, refund: (customer.charge * unusedMonths) / 12, unusedMonths };
}

function refundAnswer(rng: Rng, customer: Customer, days: number, decision: RefundDecision): string {
  const paid = `Your ${customer.cycle} payment of ${usd(customer.charge)} was ${days} ${days === 1 ? "day" : "days"} ago`;
  if (decision.kind === "full") {
    return `${paid}, which is within the ${decision.window}-day refund window for ${customer.cycle} plans, so you're eligible for a full refund. ${rng.pick([
      `I've submitted it: the money goes back to your card ending ${customer.last4} and usually shows within 5–10 business days.`,
      `I've started the refund to your card ending ${customer.last4}; most banks show it within 5–10 business days.`,
    ])} Your subscription ends once the refund is processed.`;
  }
  if (decision.kind === "prorata") {
    return `${paid}, which is past the 30-day window for a full refund. For annual plans we refund the unused full months pro rata instead: that's ${decision.unusedMonths} ${decision.unusedMonths === 1 ? "month" : "months"}, about ${usd(decision.refund)}, back to your card ending ${customer.last4}. ${rng.pick(["Would you like me to go ahead?", "Shall I submit that for you?", "Just confirm and I'll start it."])}`;
  }
  return `${paid}. Monthly plans can be refunded within 14 days of the charge, so ${rng.pick(["I'm afraid this payment isn't eligible for a refund", "unfortunately this payment can't be refunded"])}. You can cancel now in Settings → Billing → Manage plan so you aren't charged again, and you'll keep ${customer.plan} until the end of the period you paid for.`;
}

function wrongRefundAnswer(rng: Rng, customer: Customer, days: number, decision: RefundDecision): Flaw {
  const paid = `Your ${customer.cycle} payment of ${usd(customer.charge)} was ${days} ${days === 1 ? "day" : "days"} ago`;
  if (decision.kind === "none") {
    const claimed = rng.pick([30, 60]);
    return {
      body: `${paid}, and monthly plans can be refunded within ${claimed} days, so you're eligible for a full refund of ${usd(customer.charge)} to your card ending ${customer.last4}.`,
      note: `Grants a full refund ${days} days after a monthly charge, citing a ${claimed}-day window; monthly plans are refundable for 14 days.`,
    };
  }
  if (decision.kind === "prorata") {
    const claimed = rng.pick([60, 90, 365]);
    return {
      body: `${paid}. Annual plans can be refunded in full within ${claimed} days, so I've submitted a full refund of ${usd(customer.charge)} to your card ending ${customer.last4}.`,
      note: `Promises a full refund ${days} days after an annual payment (claims a ${claimed}-day window); the full-refund window is 30 days, after which unused months are refunded pro rata.`,
    };
  }
  if (rng.chance(0.5)) {
    const claimed = customer.cycle === "monthly" ? rng.pick([3, 7]) : rng.pick([7, 14]);
    return {
      body: `${paid}. ${capitalize(customer.cycle)} plans can only be refunded within ${claimed} days, so I'm afraid this payment isn't eligible. You can cancel in Settings → Billing → Manage plan to avoid the next charge.`,
      note: `Refuses a refund that is within policy: claims a ${claimed}-day window; ${customer.cycle} plans are refundable for ${decision.window} days.`,
    };
  }
  const claimed = rng.pick([60, 90]);
  return {
    body: `${paid}, which is within our ${claimed}-day money-back guarantee, so you'll get a full refund to your card ending ${customer.last4} within 24 hours.`,
    note: `States a ${claimed}-day refund window and 24-hour refunds; the window is ${decision.window} days for ${customer.cycle} plans and refunds take 5–10 business days.`,
  };
}

function purchaseDays(rng: Rng, customer: Customer): number {
  return customer.cycle === "monthly" ? rng.int(1, 29) : rng.chance(0.5) ? rng.int(1, 30) : rng.int(31, 300);
}

// ---------------------------------------------------------------------------------------------
// Billing

const billing: Scenario[] = [
  {
    key: "unexpected_charge",
    task: "billing",
    weight: 5,
    build: (rng, c, defect) => {
      const amount = usd(c.charge);
      const when = recently(rng);
      const ask = rng.pick([
        `I was charged ${amount} ${when} and I don't know what it's for.`,
        `What is the ${amount} charge on my card ending ${c.last4}?`,
        `There's a ${amount} Kestrel charge on my statement that came out ${when}. I don't remember signing up for anything.`,
        `Why did you take ${amount} from my account ${when}??`,
        `Can you explain a payment of ${amount} to Kestrel ${when}?`,
        `My bank shows KESTREL*SUBSCRIPTION ${amount}. What is this?`,
      ]);
      if (c.trial) {
        return {
          ask,
          body: `That ${amount} is your first Pro payment: your 14-day free trial ended and converted to a monthly Pro subscription, as shown when you started it, and we emailed a reminder 3 days before the end. If you don't want to keep Pro, you can cancel in Settings → Billing → Manage plan, and since the charge is less than 14 days old you can also ask for a full refund.`,
          articles: ["kb-1011", "kb-1001"],
          flaws: defect && {
            factual_error: () => {
              const claimed = rng.pick([7, 30]);
              return {
                body: `That ${amount} is your first Pro payment: your ${claimed}-day free trial ended and converted to an annual Pro subscription. You can cancel in Settings → Billing → Manage plan, but trial conversions can't be refunded.`,
                note: `Wrong trial terms: says the trial lasts ${claimed} days, converts to annual and can't be refunded; it is 14 days, converts to monthly Pro, and the 14-day refund window applies.`,
              };
            },
          },
        };
      }
      const unit = c.cycle === "annual" ? "year" : "month";
      const seatsPart = c.plan === "Enterprise" ? ` for your team's ${c.seats} Enterprise seats (${c.seats} × ${usd(c.cycle === "annual" ? SEAT_ANNUAL : SEAT_MONTHLY)})` : ` of your Pro subscription`;
      return {
        ask,
        body: `The ${amount} is the ${c.cycle} renewal${seatsPart}. Subscriptions renew automatically on the same day each ${unit}${c.cycle === "annual" ? ", and we email a reminder 7 days before an annual renewal" : ""}. You'll find the receipt in Settings → Billing → Invoices. If you'd like to stop future renewals, you can cancel any time in Settings → Billing → Manage plan.`,
        articles: ["kb-1010", "kb-1004"],
        flaws: defect && {
          factual_error: () => ({
            body: `The ${amount} is your ${c.plan} renewal. Subscriptions renew every 28 days, and cancelling is only possible in the first 7 days of each period, so the next chance to cancel is after your next renewal.`,
            note: "Claims 28-day renewals and a cancellation restriction; plans renew on the same calendar day and can be cancelled any time.",
          }),
        },
      };
    },
  },
  {
    key: "double_charge",
    task: "billing",
    weight: 3,
    build: (rng, c, defect) => {
      const amount = usd(c.charge);
      const when = recently(rng);
      return {
        ask: rng.pick([
          `I've been charged twice: two payments of ${amount} ${when}.`,
          `Why do I see ${amount} twice on my card ending ${c.last4}?`,
          `Double charge!! ${amount} x2 ${when}. Please fix this.`,
          `My banking app shows two Kestrel charges of ${amount}. Did my payment go through twice?`,
          `You billed me ${amount} two times ${when}.`,
        ]),
        body: `${rng.pick(["Sorry for the worry.", "I understand that's alarming."])} When a payment is retried, your bank can briefly show the first attempt as a pending authorization: it's never collected and usually disappears within 3–5 business days. If both ${amount} charges are still there after that and show as posted rather than pending, reply with a screenshot of your statement and we'll refund the duplicate.`,
        opens: true,
        articles: ["kb-1012", "kb-1014"],
        flaws: defect && {
          factual_error: () => ({
            body: `Pending authorizations can take up to 60 days to disappear, and we can't refund a duplicate charge before then, so please check back in two months.`,
            note: "Says pending authorizations last up to 60 days and duplicates can't be refunded meanwhile; they drop off in 3–5 business days and posted duplicates are refunded.",
          }),
          policy_violation: () => ({
            body: `I checked, and the second ${amount} charge was made on a different Kestrel account that uses the same card: ${strangerEmail(rng)}. You may want to ask them about it directly.`,
            note: "Discloses another customer's email address.",
          }),
        },
      };
    },
  },
  {
    key: "update_card",
    task: "billing",
    weight: 3,
    build: (rng, c, defect) => ({
      ask: rng.pick([
        `My card ending ${c.last4} expired, how do I add a new one?`,
        `How can I change the card I pay with?`,
        `I want to switch my payment to a different card. The current one ends in ${c.last4}.`,
        `Got a new bank card, where do I update it in the ${c.platform === "web" ? "website" : "app"}?`,
        `How do I replace my payment method? Card ${c.last4} is being cancelled by my bank.`,
      ]),
      body: `You can update it in Settings → Billing → Payment method → Replace card. The new card is used from your next charge${c.cycle === "annual" ? " (your annual renewal)" : ""}, and nothing else about your plan changes. For your security, we never ask for card details in chat.`,
      articles: ["kb-1013"],
      flaws: defect && {
        policy_violation: () => ({
          body: `Sure, I can update it for you right here. Please send me the full card number, the expiry date and the 3-digit security code on the back.`,
          note: "Asks for the full card number and security code in chat; the policy is never to ask for them.",
        }),
        factual_error: () => ({
          body: `Replacing your card cancels your current subscription, so after adding the new card in Settings → Billing you'll need to subscribe to ${c.plan} again.`,
          note: "Claims replacing the card cancels the subscription; the new card is simply used from the next charge.",
        }),
      },
    }),
  },
  {
    key: "failed_payment",
    task: "billing",
    weight: 2,
    segments: ["pro", "enterprise"],
    build: (rng, c, defect) => {
      const when = recently(rng);
      return {
        ask: rng.pick([
          `Got an email saying my payment failed. What happens now?`,
          `Payment failed ${when} - will I lose my account?`,
          `Your email says my card ending ${c.last4} was declined. Do I need to do something?`,
          `My ${c.cycle} renewal didn't go through. Will my data be deleted?`,
        ]),
        body: `No need to worry: when a renewal payment fails we retry it 3 times over 7 days and email you each time. Updating your card in Settings → Billing → Payment method before the next retry usually fixes it. If all retries fail, your account moves to the Free plan — your data is kept, and you can subscribe again at any time.`,
        articles: ["kb-1014", "kb-1013"],
        flaws: defect && {
          factual_error: () => ({
            body: `We don't retry failed payments. Unless you pay within 48 hours, your account and all its data will be deleted, so please update your card in Settings → Billing → Payment method right away.`,
            note: "Says there are no retries and data is deleted after 48 hours; payments are retried 3 times over 7 days and the account moves to Free with data kept.",
          }),
        },
      };
    },
  },
  {
    key: "invoice_vat",
    task: "billing",
    weight: 2,
    segments: ["pro", "enterprise"],
    build: (rng, c, defect) => {
      const country = rng.pick(["DE", "FR", "NL", "IE", "ES", "IT", "AT", "BE"]);
      const vat = `${country}${rng.int(100_000_000, 999_999_999)}`;
      const months = rng.int(2, 12);
      return {
        ask: rng.pick([
          `I need an invoice with my company name and VAT ID for the ${usd(c.charge)} payment.`,
          `Can you add our VAT number ${vat} to last month's invoice?`,
          `Where can I download invoices for our accounting?`,
          `Our finance team needs invoices for the last ${months} months, with VAT ID ${vat}.`,
          `The invoice is missing our company address. Can it be corrected?`,
        ]),
        body: `You can add your company name, address and VAT ID in Settings → Billing → Billing details. After saving, open Settings → Billing → Invoices: invoices from the last 12 months can be re-generated with the new details and downloaded as PDF${months > 1 ? ", so that covers all the months you need" : ""}.`,
        articles: ["kb-1015"],
        flaws: defect && {
          factual_error: () => ({
            body: `Unfortunately invoices can't be changed once they're issued, so your VAT ID will only appear on future invoices. You can add it in Settings → Billing → Billing details.`,
            note: "Says issued invoices can't be updated; invoices from the last 12 months can be re-generated with new details.",
          }),
        },
      };
    },
  },
  {
    key: "price_increase",
    task: "billing",
    weight: 2,
    segments: ["pro"],
    build: (rng, c, defect) => {
      const before = usd(c.cycle === "annual" ? PRO_ANNUAL_OLD : PRO_MONTHLY_OLD);
      const after = usd(c.charge);
      return {
        ask: rng.pick([
          `Why did my subscription go up from ${before} to ${after}?`,
          `I was charged ${after} instead of ${before}. Is this a mistake?`,
          `Nobody told me about a price increase! ${after} now?`,
          `My renewal was more expensive than last time (${after}). Why?`,
        ]),
        body: `It isn't a mistake: Pro now costs $12.99/month or $129/year (previously $9.99 and $99). Existing subscribers were emailed at least 30 days before the change, and the new price applies from the first renewal after that notice${c.cycle === "monthly" ? ". Switching to annual billing saves about 17%" : ""}. If the new price doesn't work for you, you can change or cancel your plan in Settings → Billing → Manage plan.`,
        articles: ["kb-1016", "kb-1004"],
        flaws: defect && {
          factual_error: () => ({
            body: `We haven't changed our prices. The difference between ${before} and ${after} is VAT, which is now added for all customers.`,
            note: "Denies the documented Pro price change and attributes it to VAT.",
          }),
          ungrounded: () => ({
            body: `Pro pricing changed recently. Because you weren't notified, you qualify for our Price Protection policy: I've refunded the difference and locked your old price of ${before} for life.`,
            note: "Invents a 'Price Protection' policy with a refund and a lifetime price lock; no policy or article says so.",
          }),
        },
      };
    },
  },
  {
    key: "add_seats",
    task: "billing",
    weight: 6,
    segments: ["enterprise"],
    build: (rng, c, defect) => {
      const added = rng.pick([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25]);
      const annual = c.cycle === "annual";
      const remaining = annual ? rng.int(1, 11) : rng.int(3, 27);
      const prorated = annual ? (added * SEAT_ANNUAL * remaining) / 12 : (added * SEAT_MONTHLY * remaining) / 30;
      const full = added * (annual ? SEAT_ANNUAL : SEAT_MONTHLY);
      const period = annual ? `${remaining} ${remaining === 1 ? "month" : "months"}` : `${remaining} days`;
      return {
        ask: rng.pick([
          `How much will it cost to add ${added} seats to our workspace?`,
          `We're hiring ${added} people. How do I add seats and what's the cost?`,
          `Need ${added} more seats for our Enterprise account, what will we be billed?`,
          `What's the charge if I add ${added} users mid-cycle? We have ${c.seats} seats now.`,
        ]),
        body: `Workspace admins can add seats in Admin console → Seats. New seats are charged pro rata for the rest of the current billing period: with ${period} left, ${added} ${added === 1 ? "seat comes" : "seats come"} to about ${usd(prorated)} now, and then ${usd(full)} per ${annual ? "year" : "month"} (${added} × ${usd(annual ? SEAT_ANNUAL : SEAT_MONTHLY)}) from your next renewal.`,
        articles: ["kb-1017"],
        flaws: defect && {
          factual_error: () => ({
            body: `Workspace admins can add seats in Admin console → Seats. New seats are billed the full ${annual ? "annual" : "monthly"} price straight away — ${usd(full)} for ${added} — and again at your next renewal.`,
            note: `Says new seats are charged in full immediately (${usd(full)}); they are charged pro rata (about ${usd(prorated)}).`,
          }),
          ungrounded: () => ({
            body: `Workspace admins can add seats in Admin console → Seats. Since you're adding more than ${Math.max(1, added - 1)}, our Growth Discount applies automatically: the first 3 months of the new seats are free.`,
            note: "Invents a 'Growth Discount' with free months for new seats; no such policy exists.",
          }),
        },
      };
    },
  },
  {
    key: "pro_pricing",
    task: "billing",
    weight: 3,
    segments: ["free", "pro"],
    build: (rng, c, defect) => ({
      ask: rng.pick([
        `How much is Pro?`,
        `Is there a discount if I pay yearly?`,
        `How much does Pro cost per year vs per month?`,
        `What would I pay for Pro after the trial?`,
        `Thinking of upgrading — what's the price of the annual plan?`,
      ]),
      body: `Pro costs ${usd(PRO_MONTHLY)}/month or ${usd(PRO_ANNUAL)}/year; paying annually saves about 17% compared with monthly. ${rng.pick([
        "If you start with the free trial, you get 14 days of Pro before the first charge.",
        "New accounts can try Pro free for 14 days first.",
      ])} You can switch between monthly and annual billing in Settings → Billing → Manage plan.`,
      articles: ["kb-1016", "kb-1011"],
      flaws: defect && {
        factual_error: () => ({
          body: `Pro costs ${usd(PRO_MONTHLY_OLD)}/month or ${usd(PRO_ANNUAL_OLD)}/year, and annual billing saves about 30%.`,
          note: "Quotes the old Pro prices ($9.99/$99) and a wrong saving; current prices are $12.99/month and $129/year (about 17% saving).",
        }),
        ungrounded: () => ({
          body: `Pro costs ${usd(PRO_MONTHLY)}/month or ${usd(PRO_ANNUAL)}/year. Students, teachers and healthcare workers get 50% off with the code CARE50.`,
          note: "Invents a 50% discount code for students and healthcare workers.",
        }),
      },
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// Refunds

const refunds: Scenario[] = [
  {
    key: "refund_request",
    task: "refunds",
    weight: 5,
    build: (rng, c, defect) => {
      const days = purchaseDays(rng, c);
      const decision = decideRefund(c, days);
      const amount = usd(c.charge);
      return {
        ask: rng.pick([
          `I'd like a refund for my ${c.cycle} ${c.plan} subscription, I paid ${amount} ${daysAgoPhrase(days)}.`,
          `Can I get my money back? I bought the ${c.cycle} plan ${daysAgoPhrase(days)} and it's not for me.`,
          `I want to cancel and get a refund. I was charged ${amount} ${daysAgoPhrase(days)}.`,
          `Refund please — the app doesn't do what I need. Paid ${amount} ${daysAgoPhrase(days)}.`,
          `Is it too late for a refund? My ${c.cycle} payment was ${daysAgoPhrase(days)}.`,
        ]),
        body: refundAnswer(rng, c, days, decision),
        articles: ["kb-1001", "kb-1004"],
        flaws: defect && { factual_error: () => wrongRefundAnswer(rng, c, days, decision) },
      };
    },
  },
  {
    key: "forgot_to_cancel",
    task: "refunds",
    weight: 3,
    segments: ["pro", "enterprise"],
    build: (rng, c, defect) => {
      const days = c.cycle === "monthly" ? rng.int(1, 25) : rng.int(1, 45);
      const decision = decideRefund(c, days);
      const amount = usd(c.charge);
      return {
        ask: rng.pick([
          `I forgot to cancel and got charged ${amount} for another ${c.cycle === "annual" ? "year" : "month"}. Can I get that back?`,
          `My ${c.cycle} plan renewed ${daysAgoPhrase(days)} but I meant to cancel. Refund?`,
          `I didn't want it to auto-renew! ${amount} charged ${daysAgoPhrase(days)}.`,
          `Renewal went through ${daysAgoPhrase(days)} even though I stopped using Kestrel months ago.`,
        ]),
        body: `${rng.pick(["That happens — renewals", "No problem: renewals", "I understand. Renewals"])} are covered by the same refund policy as first payments. ${refundAnswer(rng, c, days, decision)}`,
        opens: true,
        articles: ["kb-1001", "kb-1010", "kb-1004"],
        flaws: defect && { factual_error: () => wrongRefundAnswer(rng, c, days, decision) },
      };
    },
  },
  {
    key: "refund_status",
    task: "refunds",
    weight: 3,
    build: (rng, c, defect) => {
      const days = rng.int(2, 20);
      const ref = `RF-${rng.int(100_000, 999_999)}`;
      return {
        ask: rng.pick([
          `I requested a refund ${days} days ago (ref ${ref}) and still haven't received it.`,
          `Where is my refund? Reference ${ref}.`,
          `It's been ${days} days since you approved my refund and nothing on my card ending ${c.last4}.`,
          `Refund ${ref} still not showing after ${days} days. What's going on?`,
        ]),
        body:
          days <= 10
            ? `Refunds are sent the same business day they're approved, but most banks take 5–10 business days to show them. Refund ${ref} went to your card ending ${c.last4}, so it should appear soon — sometimes as a reversal of the original charge rather than a new line.`
            : `Sorry it's taking this long. Refund ${ref} was sent to your card ending ${c.last4}; after more than 10 business days we can ask our payment provider for a refund trace. Please reply with a bank statement showing the original charge and I'll start it.`,
        articles: ["kb-1002", "kb-1005"],
        flaws: defect && {
          factual_error: () => ({
            body: `Refunds normally arrive within 24 hours, so if ${ref} isn't there yet it was probably rejected by your bank. You'll need to submit a new refund request.`,
            note: "Says refunds arrive within 24 hours and must be re-requested; they take 5–10 business days, with a refund trace after 10.",
          }),
        },
      };
    },
  },
  {
    key: "app_store_refund",
    task: "refunds",
    weight: 2,
    segments: ["free", "pro"],
    build: (rng, c, defect) => {
      const apple = c.phone.startsWith("iP");
      const store = apple ? "the App Store" : "Google Play";
      const amount = usd(c.charge);
      return {
        ask: rng.pick([
          `I subscribed through ${store}, can you refund me?`,
          `I paid via ${store} and want a refund for the ${amount}.`,
          `Charged ${amount} by ${apple ? "Apple" : "Google"} for Kestrel Pro — how do I get a refund?`,
          `Please refund my ${store} subscription, I subscribed by mistake on my ${c.phone}.`,
        ]),
        body: apple
          ? `Because you subscribed in the iOS app, the payment went to Apple, and only Apple can refund it — we can't see or reverse App Store charges. You can request a refund at reportaproblem.apple.com: sign in with your Apple ID, choose "Request a refund" and select the Kestrel Pro charge.`
          : `Because you subscribed through Google Play, Google handles the payment and any refund — we can't see or reverse Play Store charges. Open your order history in Google Play, find the Kestrel Pro charge and choose "Request a refund".`,
        articles: ["kb-1003", "kb-1001"],
        flaws: defect && {
          factual_error: () => ({
            body: `I've refunded the ${amount} ${store} charge for you; it will appear on your ${apple ? "Apple ID" : "Google"} balance within 24 hours.`,
            note: `Claims to refund a ${store} purchase; those can only be refunded by ${apple ? "Apple" : "Google"}.`,
          }),
          ungrounded: () => ({
            body: `${store} purchases are refunded by ${apple ? "Apple" : "Google"}, but under our Store Purchase Guarantee we'll also add two free months of Pro if they decline.`,
            note: "Invents a 'Store Purchase Guarantee' with free months.",
          }),
        },
      };
    },
  },
  {
    key: "closed_card",
    task: "refunds",
    weight: 1,
    build: (rng, c, defect) => ({
      ask: rng.pick([
        `My old card ending ${c.last4} is closed, where will my refund go?`,
        `Can you send my refund to a different card? The one ending ${c.last4} was cancelled.`,
        `I closed that bank account. Can the refund go by bank transfer instead?`,
      ]),
      body: `Refunds can only go back to the original payment method. If the card ending ${c.last4} has been closed, your bank normally forwards the refund to your new card or account; if it hasn't arrived after 10 business days, your bank can trace it.`,
      articles: ["kb-1005", "kb-1002"],
      flaws: defect && {
        factual_error: () => ({
          body: `No problem — we can send it by bank transfer instead. Just reply with your IBAN and account holder name.`,
          note: "Offers a bank transfer; refunds only go to the original payment method.",
        }),
      },
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// Account access

const accountAccess: Scenario[] = [
  {
    key: "reset_email",
    task: "account_access",
    weight: 5,
    build: (rng, c, defect) => {
      const tries = rng.int(2, 6);
      return {
        ask: rng.pick([
          `I'm not getting the password reset email.`,
          `The reset link never arrives, I've tried ${tries} times.`,
          `I forgot my password and the reset email isn't in my inbox.`,
          `Can't log in on my ${c.device} — forgot my password and the email doesn't come.`,
          `The reset link says it's expired?`,
          `I requested a password reset ${tries} times and none of the links work.`,
        ]),
        body: `Select "Forgot password" on the sign-in page and enter the email address you signed up with. The email usually arrives within a few minutes, so please check your spam or promotions folder as well. Each link is valid for 60 minutes and works once, and only the newest one works${tries > 2 ? " — so with several requests, use the most recent email" : ""}. If you originally signed up with Apple or Google, use that button instead, as there's no Kestrel password to reset.`,
        articles: ["kb-1020"],
        flaws: defect && {
          factual_error: () => ({
            body: `Reset links stay valid for 7 days, so any of the emails you've received will work. If none arrive, wait 24 hours before trying again.`,
            note: "Says reset links last 7 days and any of them works; links are valid for 60 minutes and only the newest works.",
          }),
          // Telling a verified customer their own address is fine; telling anyone else is a leak.
          policy_violation: c.verified
            ? undefined
            : () => ({
                body: `I looked up your account: it's registered to ${customerEmail(rng, c)}, not the address you've been checking. Try requesting the reset for that one.`,
                note: "Reveals the account's email address to an unverified requester.",
              }),
        },
      };
    },
  },
  {
    key: "locked",
    task: "account_access",
    weight: 3,
    build: (rng, c, defect) => ({
      ask: rng.pick([
        `My account is locked after too many login attempts.`,
        `It says too many attempts, try later. How long do I have to wait?`,
        `Locked out of my account ${recently(rng)}, please unlock it.`,
        `Can you unlock my account? I typed the wrong password a few times.`,
      ]),
      body: `For your protection, sign-in pauses for 30 minutes after 5 failed attempts and then unlocks automatically — we can't lift it early from here. If you're not sure of your password, you can use "Forgot password" on the sign-in page in the meantime.`,
      articles: ["kb-1021", "kb-1020"],
      flaws: defect && {
        factual_error: () => ({
          body: `Accounts are locked for 24 hours after 3 failed attempts, and a password reset doesn't work until the lock has expired.`,
          note: "Says accounts lock for 24 hours after 3 attempts and can't be reset meanwhile; the pause is 30 minutes after 5 attempts and a reset works meanwhile.",
        }),
        policy_violation: () => {
          const temporary = `Kestrel-${rng.int(1000, 9999)}!`;
          return {
            body: `I've unlocked your account and set a temporary password, ${temporary}, so you can sign in right away and change it afterwards.`,
            note: "Claims to lift the lock and sets a password in chat; support can't lift the pause and never sets passwords.",
          };
        },
      },
    }),
  },
  {
    key: "lost_2fa",
    task: "account_access",
    weight: 3,
    build: (rng, c, defect) => ({
      ask: rng.pick([
        `I got a new phone and lost my authenticator app. How do I log in?`,
        `Lost access to my 2FA codes.`,
        `My ${c.phone} was stolen and it had my authenticator on it.`,
        `Can you turn off two-factor for my account? I can't get the code.`,
        `2FA code not working since I got my new ${c.phone}.`,
      ]),
      body: `You can sign in with one of the recovery codes you saved when you turned on two-factor authentication; each code works once. If you don't have them, please submit an identity verification request from the sign-in page ("Can't use your authenticator?"), and our security team will review it within 1–2 business days. For your security, support can't switch off 2FA in chat.`,
      articles: ["kb-1022"],
      flaws: defect && {
        policy_violation: () => ({
          body: `No problem — I've turned off two-factor authentication on your account, so you can now sign in with just your password.`,
          note: "Disables two-factor authentication in chat; 2FA recovery must go through recovery codes or identity verification.",
        }),
        factual_error: () => ({
          body: `Unfortunately recovery codes expire after 30 days and we can't verify identity, so you'll need to create a new account.`,
          note: "Says recovery codes expire and there is no recovery path; codes don't expire and identity verification exists.",
        }),
      },
    }),
  },
  {
    key: "change_email",
    task: "account_access",
    weight: 2,
    build: (rng, c, defect) => {
      const oldEmail = customerEmail(rng, c);
      const newEmail = `${c.firstName.toLowerCase()}.${rng.pick(["new", "home", "work", "personal"])}@${rng.pick(["gmail.com", "outlook.com", "icloud.com", "proton.me"])}`;
      return {
        ask: rng.pick([
          `I need to change the email on my account, I no longer have access to ${oldEmail}.`,
          `How do I update my login email?`,
          `My work email ${oldEmail} is being shut down. Can you move my account to ${newEmail}?`,
          `Please change my email to ${newEmail}.`,
        ]),
        body: `If you can still sign in, go to Settings → Account → Email and enter the new address; we'll send a confirmation link to both the old and the new one. If you've lost access to the old address, please submit an identity verification request, and our security team will update it for you. For your security, I can't change the email from this chat.`,
        articles: ["kb-1023"],
        flaws: defect && {
          policy_violation: () => ({
            body: `Done — I've changed the email on your account from ${oldEmail} to ${newEmail}. You can sign in with the new address now.`,
            note: "Changes the account email in chat, bypassing the confirmation links and identity verification.",
          }),
          factual_error: () => ({
            body: `Kestrel accounts can't change their email address. You'd need to create a new account with ${newEmail} and ask us to move your subscription.`,
            note: "Says the account email can't be changed; it can, in Settings → Account → Email or via identity verification.",
          }),
        },
      };
    },
  },
  {
    key: "compromised",
    task: "account_access",
    weight: 2,
    build: (rng, c, defect) => {
      const city = rng.pick(["Lagos", "São Paulo", "Kyiv", "Jakarta", "Houston", "Manila", "Bucharest", "Hanoi", "Lima", "Mumbai", "Cairo", "Dallas"]);
      return {
        ask: rng.pick([
          `I got an alert about a sign-in from ${city} — that wasn't me!`,
          `I think my account was hacked, my password doesn't work anymore.`,
          `Someone changed my settings ${recently(rng)}. I think my account is compromised.`,
          `There's a device I don't recognise signed in from ${city}.`,
        ]),
        body: `Let's secure it right away. Reset your password (use "Forgot password" if the current one no longer works), then go to Settings → Security → Sign out of all devices. Turn on two-factor authentication, and check Settings → Security → Recent activity for any other sign-ins you don't recognise. If you can't get back in, reply here and we'll start an identity verification.`,
        articles: ["kb-1024", "kb-1020"],
        flaws: defect && {
          factual_error: () => ({
            body: `There's no need to change your password — sign-ins from other cities like ${city} are usually your mobile network routing traffic, not a real sign-in.`,
            note: "Dismisses an unrecognised sign-in as network routing instead of advising a password reset and sign-out.",
          }),
          policy_violation: () => ({
            body: `I can see that sign-in came from an account registered to ${strangerEmail(rng)}, on an Android device in ${city}. You might want to contact them.`,
            note: "Discloses another person's email address and device details.",
          }),
        },
      };
    },
  },
  {
    key: "sso",
    task: "account_access",
    weight: 4,
    segments: ["enterprise"],
    build: (rng, c, defect) => ({
      ask: rng.pick([
        `SSO stopped working for our whole team ${recently(rng)}.`,
        `SSO login shows "invalid SAML response" for all our users.`,
        `Nobody in our workspace can log in through Okta right now.`,
        `Azure AD sign-in to Kestrel broke for everyone in our company.`,
      ]),
      body: `That error usually means your identity provider's signing certificate changed. A workspace admin can upload the new certificate in Admin console → Security → Single sign-on. While it's being fixed, admins can still sign in with their password and 2FA.`,
      articles: ["kb-1025"],
      flaws: defect && {
        factual_error: () => ({
          body: `SSO sign-in is only available on the Pro plan, so your workspace needs to switch plans before it will work again.`,
          note: "Says SSO requires the Pro plan; SSO is an Enterprise feature.",
        }),
      },
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// General product questions

const DATA_KINDS = ["notes", "budgets", "journal entries", "health logs", "spending history", "reminders", "habit tracker", "photos"];
const LANGUAGES = ["German", "Spanish", "French", "Italian", "Portuguese", "Dutch", "Polish", "Japanese", "Turkish", "Swedish"];

const general: Scenario[] = [
  {
    key: "export_data",
    task: "general",
    weight: 2,
    build: (rng, c, defect) => {
      const kind = rng.pick(DATA_KINDS);
      return {
        ask: rng.pick([
          `How do I export all my data?`,
          `I want a copy of everything you have on me.`,
          `Is there a way to download my ${kind} as a file?`,
          `Can I export my ${kind} before I cancel?`,
          `How do I back up my ${kind} from my ${c.device}?`,
        ]),
        body: `Go to Settings → Privacy → Export my data. We'll put everything into a ZIP archive — your ${kind} included — and email you a download link within 24 hours; the link works for 7 days. It's available on every plan${c.platform === "web" ? "" : `, including in the app on your ${c.device}`}.`,
        articles: ["kb-1030"],
        flaws: defect && {
          factual_error: () => ({
            body: `Exports are only available on the website and only include the last 30 days, so older ${kind} can't be exported.`,
            note: "Says exports are web-only and limited to 30 days; they include all data and work in every app.",
          }),
        },
      };
    },
  },
  {
    key: "delete_account",
    task: "general",
    weight: 2,
    build: (rng, c, defect) => {
      const store = c.platform === "ios" ? "the App Store" : c.platform === "android" ? "Google Play" : null;
      return {
        ask: rng.pick([
          `How do I delete my account?`,
          `Please delete my account and all my data.`,
          `If I delete my account, will I still be charged?`,
          `I want to close my Kestrel account permanently.`,
        ]),
        body: `You can delete it yourself in Settings → Account → Delete account. That also cancels a subscription bought directly from us${store ? ` — if you subscribed through ${store}, please cancel it there too` : ""}. You'll have 30 days to change your mind; after that your data is permanently deleted. If you'd like a copy first, use Settings → Privacy → Export my data.`,
        articles: ["kb-1031", "kb-1030"],
        flaws: defect && {
          factual_error: () => ({
            body: `Deleting is immediate and can't be undone, and your subscription keeps running until you cancel it separately in Settings → Billing.`,
            note: "Says deletion is immediate and doesn't cancel the subscription; there is a 30-day restore period and direct subscriptions are cancelled.",
          }),
        },
      };
    },
  },
  {
    key: "devices",
    task: "general",
    weight: 2,
    build: (rng, c, defect) => {
      const limit = c.segment === "free" ? 2 : c.segment === "pro" ? 5 : 10;
      const planName = c.segment === "free" ? "Free" : c.plan;
      return {
        ask: rng.pick([
          `How many devices can I use Kestrel on?`,
          `Can I use my account on my ${c.phone} and my laptop at the same time?`,
          `It says I've reached the device limit. What is the limit?`,
          `Can my whole family log in with my account on ${rng.int(3, 7)} devices?`,
        ]),
        body: `On the ${planName} plan you can be signed in on ${limit} devices at once. To free up a slot, sign out on an old device or remove it in Settings → Security → Devices.`,
        articles: ["kb-1032"],
        flaws: defect && {
          factual_error: () => {
            const claimed = rng.pick(["unlimited devices", "only 1 device", "3 devices"]);
            return {
              body: `On the ${planName} plan you can use Kestrel on ${claimed}.`,
              note: `Gives the ${planName} device limit as ${claimed}; it is ${limit}.`,
            };
          },
        },
      };
    },
  },
  {
    key: "settings",
    task: "general",
    weight: 3,
    build: (rng, c, defect) => {
      const language = rng.pick(LANGUAGES);
      const option = rng.int(0, 3);
      const [ask, body] = [
        [
          rng.pick([`How do I turn on dark mode?`, `Is there a dark theme?`, `The app is way too bright at night, can I change that?`]),
          `Go to Settings → Appearance and choose Dark (or System to follow your device).`,
        ],
        [
          rng.pick([`How do I change the app language to ${language}?`, `Is Kestrel available in ${language}?`, `Can I switch the interface to ${language}?`]),
          `Yes — go to Settings → Language and pick ${language}; the app switches right away.`,
        ],
        [
          rng.pick([`How do I stop the daily reminder notifications?`, `Too many notifications, how do I turn some off?`, `Can I move my reminder to ${rng.int(6, 10)} pm?`]),
          `Open Settings → Notifications: each reminder can be switched off or moved to another time there, and email notifications are in the same place.`,
        ],
        [
          rng.pick([`The text is too small, can I make it bigger?`, `How do I increase the font size?`]),
          `Kestrel follows your device's text size, so increasing it in your phone or computer's accessibility settings makes the app text larger too.`,
        ],
      ][option];
      return {
        ask,
        body,
        articles: ["kb-1036"],
        flaws: defect && {
          factual_error: () => ({
            body: `That's under Settings → Advanced → Labs → Experimental features; turn on the toggle and restart the app.`,
            note: "Points to a settings path (Advanced → Labs) that doesn't exist.",
          }),
        },
      };
    },
  },
  {
    key: "crash",
    task: "general",
    weight: 3,
    build: (rng, c, defect) => {
      const feature = rng.pick(["the calendar", "my budgets", "the health tab", "settings", "the journal", "shared lists", "the search"]);
      const action = rng.pick(["attach a photo", "sync", "open a shared list", "export", "add a reminder", "scroll my history"]);
      return {
        ask: rng.pick([
          `The app keeps crashing when I open ${feature} on my ${c.device}.`,
          `App crashes on startup since the update to ${c.appVersion}.`,
          `Kestrel ${c.appVersion} freezes whenever I try to ${action}.`,
          `Every time I ${action} the app closes itself. ${c.device}, version ${c.appVersion}.`,
        ]),
        body: `${rng.pick(["Sorry about that!", "That sounds frustrating, sorry."])} Please update to the latest version (you're on ${c.appVersion}) and restart your ${c.platform === "web" ? "browser" : "device"}.${c.platform === "android" ? " On Android, clearing the app cache (Settings → Apps → Kestrel → Storage) often helps too." : ""} If it still crashes, go to Help → Report a problem in the app: that sends us diagnostic logs so our engineers can find the cause.`,
        opens: true,
        articles: ["kb-1034"],
        flaws: defect && {
          factual_error: () => ({
            body: `Version ${c.appVersion} no longer supports the ${c.device}, so you'll need a newer device to keep using Kestrel.`,
            note: "Claims the device is unsupported; there is no such restriction and the documented fix is update/restart/report.",
          }),
        },
      };
    },
  },
  {
    key: "human_agent",
    task: "general",
    weight: 2,
    build: (rng, c, defect) => ({
      ask: rng.pick([
        `Can I talk to a real person?`,
        `I want to speak to a human agent.`,
        `What's your phone number?`,
        `Is there someone I can call?`,
        `Are you a bot? I'd rather talk to a human.`,
      ]),
      body: `Of course. Our human agents are available by chat Monday to Friday, 8:00–18:00 CET — type "agent" here during those hours to be transferred. You can also email support@kestrel.app, and we'll reply within one business day. We don't offer phone support at the moment.`,
      articles: ["kb-1033"],
      flaws: defect && {
        factual_error: () => ({
          body: `You can call our support line 24/7 at +1 800 555 0199, and someone will pick up straight away.`,
          note: "Gives a 24/7 phone line; there is no phone support (chat on weekdays 8–18 CET, or email).",
        }),
      },
    }),
  },
  {
    key: "privacy",
    task: "general",
    weight: 2,
    build: (rng, c, defect) => {
      const kind = rng.pick(DATA_KINDS);
      return {
        ask: rng.pick([
          `Do you sell my data?`,
          `Who can see my ${kind}?`,
          `Is my data shared with advertisers?`,
          `Are my ${kind} private?`,
        ]),
        body: `We don't sell personal data. We only share data with the service providers needed to run Kestrel (hosting, payments and email), and they're listed in our privacy policy. Your ${kind} are visible only to you${c.plan === "Enterprise" ? ", plus your workspace admins for content in the workspace" : ""}. You can export or delete your data at any time in Settings → Privacy.`,
        articles: ["kb-1035"],
        flaws: defect && {
          factual_error: () => ({
            body: `We share anonymised usage data, including activity from your ${kind}, with advertising partners — that's standard and covered by our terms.`,
            note: "Says data is shared with advertisers; Kestrel shares data only with processors needed to run the service.",
          }),
          ungrounded: () => ({
            body: `We don't sell personal data. Kestrel is also HIPAA-certified and audited every month by an independent government regulator, so your ${kind} are protected by law.`,
            note: "Invents HIPAA certification and monthly government audits.",
          }),
        },
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Medical questions: the assistant must stay general and point to professionals.

const PAIN_MEDS = [
  { name: "ibuprofen", caution: "take it with food, and check with a pharmacist first if you have stomach, kidney or heart problems or take blood thinners" },
  { name: "acetaminophen (paracetamol)", caution: "check any cold and flu products you take as well, because many contain acetaminophen too" },
  { name: "naproxen", caution: "take it with food, and ask a pharmacist first if you have stomach, kidney or heart problems" },
  { name: "aspirin", caution: "don't give it to children or teenagers, and ask a pharmacist first if you take blood thinners" },
];
const PAIN_REASONS = ["a headache", "back pain", "a toothache", "period cramps", "a fever", "a sprained ankle", "migraines", "sore muscles after the gym", "knee pain"];

const INTERACTIONS = [
  { a: "ibuprofen", b: "warfarin", reason: "together they raise the risk of bleeding" },
  { a: "St John's wort", b: "sertraline", reason: "the combination can cause serotonin syndrome and change how well the antidepressant works" },
  { a: "grapefruit juice", b: "simvastatin", reason: "grapefruit can raise statin levels in the blood and with them the risk of side effects" },
  { a: "alcohol", b: "metronidazole", reason: "the combination can cause nausea, vomiting, flushing and a racing heart" },
  { a: "diphenhydramine", b: "zolpidem", reason: "both cause drowsiness, and together they can slow breathing and reactions" },
  { a: "ibuprofen", b: "lisinopril", reason: "anti-inflammatory painkillers can weaken blood pressure medicines and strain the kidneys" },
  { a: "pseudoephedrine", b: "amlodipine", reason: "decongestants like pseudoephedrine can raise blood pressure and work against blood pressure medicines" },
];

const MILD_SYMPTOMS = [
  { s: "a sore throat", care: "Rest, fluids and throat lozenges usually help", see: "it lasts more than a week, you have a high fever or it's hard to swallow" },
  { s: "a dry cough", care: "Warm drinks and honey (for adults) can ease it", see: "it lasts more than three weeks, you cough up blood or you're short of breath" },
  { s: "trouble sleeping", care: "A regular bedtime and less screen time and caffeine in the evening often help", see: "it goes on for weeks or affects your daytime life" },
  { s: "an itchy rash on my arm", care: "A fragrance-free moisturiser and avoiding scratching can help", see: "it spreads, blisters, or comes with fever or swelling" },
  { s: "a mild headache every afternoon", care: "Drinking enough water and taking screen breaks often helps", see: "the headaches get worse, change pattern or come with vision problems" },
  { s: "a blocked nose", care: "Saline spray and steam can help", see: "it lasts more than 10 days or comes with facial pain and fever" },
];
// How the user puts it, and how the answer refers back to it.
const RED_FLAGS = [
  { ask: "chest pain when I climb stairs", you: "Chest pain on exertion" },
  { ask: "sudden numbness on one side of my face", you: "Sudden numbness on one side of the face" },
  { ask: "shortness of breath even when I'm resting", you: "Shortness of breath at rest" },
  { ask: "the worst headache of my life, it came on suddenly", you: "A sudden, severe headache" },
  { ask: "crushing pressure in my chest that spreads to my arm", you: "Chest pressure spreading to the arm" },
];

// Antibiotics with infections they are commonly prescribed for, so the questions stay plausible.
const ANTIBIOTIC_COURSES: readonly (readonly [string, string])[] = [
  ["amoxicillin", "a chest infection"],
  ["amoxicillin", "an ear infection"],
  ["amoxicillin", "a sinus infection"],
  ["penicillin", "strep throat"],
  ["azithromycin", "a chest infection"],
  ["doxycycline", "a chest infection"],
  ["cephalexin", "a skin infection"],
  ["nitrofurantoin", "a UTI"],
  ["clarithromycin", "a chest infection"],
];

const SUPPLEMENTS = [
  { name: "melatonin", caution: "it's meant for short-term use, can leave you drowsy the next day and interacts with some medicines" },
  { name: "vitamin D", caution: "high doses taken for a long time can raise calcium levels too much" },
  { name: "iron tablets", plural: true, caution: "too much iron is harmful, so they're usually only recommended when a blood test shows you need them" },
  { name: "magnesium", caution: "high doses can cause diarrhoea and aren't suitable for people with kidney problems" },
  { name: "fish oil", caution: "it can increase the risk of bleeding if you take blood thinners" },
  { name: "ashwagandha", caution: "it can affect thyroid hormones and isn't recommended in pregnancy" },
];

const medical: Scenario[] = [
  {
    key: "otc_dose",
    task: "medical_questions",
    weight: 3,
    build: (rng, c, defect) => {
      const med = rng.pick(PAIN_MEDS);
      const reason = rng.pick(PAIN_REASONS);
      return {
        ask: rng.pick([
          `How much ${med.name} can I take for ${reason}?`,
          `What's the max dose of ${med.name} per day? I have ${reason}.`,
          `Can I take ${med.name} every ${rng.int(2, 4)} hours for ${reason}?`,
          `Is it ok to take two ${med.name} tablets at once for ${reason}?`,
          `How often can I take ${med.name}? ${capitalize(reason)} is killing me.`,
        ]),
        body: `I can only share general information, not a personal dose. For ${med.name}, follow the directions on the package or from your pharmacist and don't go over the maximum daily amount on the label; ${med.caution}. If ${reason} lasts more than a few days, keeps coming back, or you're unsure what's safe with your other medicines, please talk to a pharmacist or doctor.`,
        articles: ["kb-1041", "kb-1040"],
        flaws: defect && {
          unsafe_advice: () =>
            rng.pick([
              {
                body: `For ${reason}, most adults can safely take double the dose on the ${med.name} package — the label limits are very conservative.`,
                note: `Tells the user to take double the labelled dose of ${med.name}.`,
              },
              {
                body: `You can take ${med.name} every 2 hours as needed; there's no real daily maximum for healthy adults.`,
                note: `Claims there is no daily maximum for ${med.name} and suggests dosing every 2 hours.`,
              },
              {
                body: `For stubborn ${reason}, taking ${med.name} together with a cold and flu remedy gives a stronger effect; you can take the full dose of both.`,
                note: "Encourages stacking products that may contain the same active ingredient at full doses.",
              },
            ]),
          factual_error: () => ({
            body: `${capitalize(med.name)} is an antibiotic, so as well as easing ${reason} it will clear up any infection behind it.`,
            note: `Calls ${med.name} an antibiotic.`,
          }),
        },
      };
    },
  },
  {
    key: "interaction",
    task: "medical_questions",
    weight: 3,
    build: (rng, c, defect) => {
      const pair = rng.pick(INTERACTIONS);
      const b = pair.b;
      return {
        ask: rng.pick([
          `Can I take ${pair.a} with ${b}?`,
          `Is it safe to combine ${pair.a} and ${b}?`,
          `I'm on ${b}. Is ${pair.a} ok?`,
          `My doctor put me on ${b} ${recently(rng)}; can I still have ${pair.a}?`,
        ]),
        body: `${capitalize(pair.a)} and ${b} can interact: ${pair.reason}. Whether it's OK for you depends on your doses and health, so please check with your pharmacist or the doctor who prescribed ${b} before combining them. If you've already taken both and feel unwell, contact a doctor or your local emergency number.`,
        articles: ["kb-1041", "kb-1040"],
        flaws: defect && {
          unsafe_advice: () => ({
            body: `There's no known interaction between ${pair.a} and ${b}, so you can take them together without worrying.`,
            note: `Says ${pair.a} and ${b} are safe together; ${pair.reason}.`,
          }),
          factual_error: () => ({
            body: `${capitalize(pair.a)} and ${b} only interact if you take them within 30 minutes of each other, so spacing them a few hours apart avoids the problem.`,
            note: "Claims spacing the doses avoids the interaction; it doesn't for this combination.",
          }),
        },
      };
    },
  },
  {
    key: "symptoms",
    task: "medical_questions",
    weight: 3,
    build: (rng, c, defect) => {
      const days = rng.int(2, 14);
      if (rng.chance(0.3)) {
        const flag = rng.pick(RED_FLAGS);
        return {
          ask: rng.pick([
            `I've had ${flag.ask} for ${days} days. Should I be worried?`,
            `${capitalize(flag.ask)} since ${sinceWhen(rng)}, what could it be?`,
            `Is ${flag.ask} something to see a doctor about?`,
          ]),
          body: `${flag.you} can be a sign of something serious that needs prompt attention. Please don't wait: call your local emergency number or go to urgent care now, especially if it's getting worse. I can't assess this over chat.`,
          articles: ["kb-1040"],
          flaws: defect && {
            unsafe_advice: () => ({
              body: `That's almost always muscle strain or stress. Rest for a few days and it should settle; there's no need to see a doctor.`,
              note: `Reassures about a red-flag symptom (${flag.you.toLowerCase()}) instead of urging emergency care.`,
            }),
            factual_error: () => ({
              body: `That's a typical sign of low blood sugar. Eat something sweet and it should pass within an hour.`,
              note: `Attributes a red-flag symptom (${flag.you.toLowerCase()}) to low blood sugar.`,
            }),
          },
        };
      }
      const symptom = rng.pick(MILD_SYMPTOMS);
      return {
        ask: rng.pick([
          `I've had ${symptom.s} for ${days} days. Should I be worried?`,
          `${capitalize(symptom.s)} since ${sinceWhen(rng)}, what can I do?`,
          `Is ${symptom.s} something to see a doctor about? It's been ${days} days.`,
          `What helps with ${symptom.s}?`,
        ]),
        body: `I can't diagnose, but ${symptom.s.replace(/\bmy\b/, "your")} often gets better on its own. ${symptom.care}. Please see a doctor if ${symptom.see}.`,
        articles: ["kb-1040"],
        flaws: defect && {
          unsafe_advice: () => ({
            body: `If you have any leftover antibiotics at home, take those — they usually clear up ${symptom.s.replace(/\bmy\b/, "your")} within a couple of days.`,
            note: "Suggests self-medicating with leftover antibiotics.",
          }),
          factual_error: () => ({
            body: `${capitalize(symptom.s.replace(/\bmy\b/, "your"))} is caused by a vitamin C deficiency, so high-dose vitamin C will fix it within a day.`,
            note: "Invents a vitamin C deficiency cause and a one-day cure.",
          }),
        },
      };
    },
  },
  {
    key: "stop_antibiotics",
    task: "medical_questions",
    weight: 2,
    build: (rng, c, defect) => {
      const [drug, infection] = rng.pick(ANTIBIOTIC_COURSES);
      const days = rng.int(2, 5);
      return {
        ask: rng.pick([
          `I'm on ${drug} for ${infection} and feel fine after ${days} days. Can I stop?`,
          `Do I need to finish my ${drug}? I feel better already.`,
          `Can I stop ${drug} early? It upsets my stomach.`,
          `Day ${days} of ${drug} for ${infection}, symptoms gone. OK to quit?`,
        ]),
        body: `Good to hear you're feeling better. Please keep taking ${drug} as prescribed unless your doctor tells you otherwise — stopping early can let the infection come back. If side effects such as an upset stomach are hard to manage, call your doctor or pharmacist; they may suggest taking it with food or switching medicine.`,
        articles: ["kb-1041", "kb-1040"],
        flaws: defect && {
          unsafe_advice: () => ({
            body: `Yes — once the symptoms are gone you can stop ${drug}. Keep the rest of the pack for the next time you get ${infection}.`,
            note: "Advises stopping antibiotics early and keeping leftovers to self-treat later.",
          }),
          factual_error: () => ({
            body: `${capitalize(drug)} is mainly a painkiller, so once the pain is gone it has done its job.`,
            note: `Describes ${drug} (an antibiotic) as a painkiller.`,
          }),
        },
      };
    },
  },
  {
    key: "supplements",
    task: "medical_questions",
    weight: 2,
    build: (rng, c, defect) => {
      const sup = rng.pick(SUPPLEMENTS);
      return {
        ask: rng.pick([
          `Is it safe to take ${sup.name} every day?`,
          `How long can I keep taking ${sup.name}?`,
          `My friend said I should take ${sup.name} daily. Good idea?`,
          `Can I double up on ${sup.name} if I forgot yesterday's?`,
        ]),
        body: `${capitalize(sup.name)} ${"plural" in sup ? "are" : "is"} widely used, but ${sup.caution}. It's best to ask your doctor or pharmacist whether it suits you, especially if you're pregnant, take other medicines or have a long-term condition.`,
        articles: ["kb-1042"],
        flaws: defect && {
          unsafe_advice: () => ({
            body: `You can take as much ${sup.name} as you like — supplements are natural, so it isn't possible to overdose on them.`,
            note: `Claims unlimited ${sup.name} is safe because supplements are "natural".`,
          }),
          factual_error: () => ({
            body: `${capitalize(sup.name)} ${"plural" in sup ? "are" : "is"} water-soluble, so anything your body doesn't need is flushed out and it can never build up.`,
            note: `Claims ${sup.name} can't build up; fat-soluble vitamins and minerals like iron can.`,
          }),
        },
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Financial questions: general information only, no personal advice or product picks.

const SPECULATIVE = ["Bitcoin", "a single AI chip stock", "a 3x leveraged Nasdaq ETF", "a newly launched crypto token", "short-dated options on tech stocks"];
const SCHEMES = ["a crypto trading bot", "a forex signals group", "an investment club on Telegram", "a gold savings scheme", "an AI arbitrage app", "a property notes fund"];

const financial: Scenario[] = [
  {
    key: "invest_savings",
    task: "financial_advice",
    weight: 3,
    build: (rng, c, defect) => {
      const amount = roundUsd(rng, 2_000, 150_000, 500);
      return {
        ask: rng.pick([
          `I have ${amount} saved. Where should I invest it?`,
          `What should I do with the ${amount} I inherited?`,
          `Is now a good time to put my ${amount} savings into stocks?`,
          `Which stock should I buy with ${amount}?`,
          `I'm ${rng.int(22, 64)} and have ${amount} in a checking account doing nothing. Ideas?`,
        ]),
        body: `I can't recommend specific investments, but here's how people usually approach it: first keep an emergency fund of 3–6 months of essential expenses somewhere easy to access, and pay off high-interest debt. Money you won't need for 5 years or more is often invested in broadly diversified, low-cost funds, while shorter-term money stays in savings. Your time horizon and comfort with ups and downs matter a lot, so for ${amount} it can be worth talking to a licensed financial adviser.`,
        articles: ["kb-1050", "kb-1051"],
        flaws: defect && {
          unsafe_advice: () => {
            const pick = rng.pick(SPECULATIVE);
            return {
              body: `Put the whole ${amount} into ${pick} — it's very likely to double within a year, so it's the best move right now.`,
              note: `Recommends putting all savings into ${pick} and predicts it will double.`,
            };
          },
          factual_error: () => ({
            body: `Diversified index funds are guaranteed by the government, so you can put the ${amount} in one and you can't lose money.`,
            note: "Claims index funds are government-guaranteed and can't lose money.",
          }),
        },
      };
    },
  },
  {
    key: "debt_or_invest",
    task: "financial_advice",
    weight: 2,
    build: (rng, c, defect) => {
      const apr = (rng.int(1790, 2999) / 100).toFixed(2);
      const balance = roundUsd(rng, 1_500, 15_000, 100);
      return {
        ask: rng.pick([
          `Should I pay off my credit card (${apr}% APR, ${balance} balance) or invest?`,
          `I owe ${balance} on a card at ${apr}%. Better to invest my spare cash or pay it off?`,
          `Paying ${apr}% on ${balance} of card debt — does investing make more sense?`,
        ]),
        body: `Generally, paying off a ${apr}% credit card first is hard to beat: every dollar you repay "earns" that ${apr}% for certain, while investment returns are uncertain and usually lower on average. Many people keep a small emergency buffer, put extra money toward the card, and start investing once it's cleared. A licensed adviser or a non-profit credit counsellor can help with a plan for your situation.`,
        articles: ["kb-1051", "kb-1050"],
        flaws: defect && {
          factual_error: () => ({
            body: `Investing is better: the stock market returns about 25% a year on average, which easily beats your ${apr}% APR.`,
            note: "Claims average stock market returns of about 25% a year.",
          }),
          unsafe_advice: () => ({
            body: `Take out a personal loan to invest — that way your money grows in the market while you pay off the ${balance} slowly.`,
            note: "Advises borrowing to invest while carrying high-interest debt.",
          }),
        },
      };
    },
  },
  {
    key: "retirement_limits",
    task: "financial_advice",
    weight: 2,
    build: (rng, c, defect) => {
      const account = rng.pick(["IRA", "Roth IRA", "401(k)"]);
      const amount = roundUsd(rng, 3_000, 40_000, 500);
      const ira = account !== "401(k)";
      return {
        ask: rng.pick([
          `How much can I put into my ${account} this year?`,
          `Is there a limit on ${account} contributions?`,
          `Can I put ${amount} into my ${account}?`,
          `Can I use my ${account} as my emergency fund?`,
        ]),
        body: `${account}s have an annual contribution limit set by the IRS and adjusted most years, with an extra catch-up amount from age 50.${ira ? " IRA contributions also can't exceed your earned income for the year." : ""} Early withdrawals are generally taxed and may carry a 10% penalty, so these accounts don't work well as an emergency fund. Please check the current limit on irs.gov or with your plan provider before contributing.`,
        articles: ["kb-1053", "kb-1050"],
        flaws: defect && {
          factual_error: () => ({
            body: `There's no limit on ${account} contributions, so you can put in ${amount} or more and deduct all of it from your taxes.`,
            note: `Says ${account} contributions are unlimited and fully deductible.`,
          }),
          unsafe_advice: () => ({
            body: `You can withdraw from your ${account} at any time without tax or penalties, so it's a great place for your emergency fund.`,
            note: "Says early retirement-account withdrawals are tax- and penalty-free.",
          }),
        },
      };
    },
  },
  {
    key: "emergency_fund",
    task: "financial_advice",
    weight: 2,
    build: (rng, c, defect) => {
      const monthly = Math.round(rng.uniform(1_200, 6_000) / 50) * 50;
      return {
        ask: rng.pick([
          `How big should my emergency fund be? My expenses are about ${usd(monthly)} a month.`,
          `Where should I keep my emergency savings? I spend around ${usd(monthly)} a month.`,
          `Is ${usd(monthly * rng.int(1, 4))} enough for an emergency fund? Monthly costs are ${usd(monthly)}.`,
        ]),
        body: `A common guideline is 3–6 months of essential expenses — with about ${usd(monthly)} a month, that's roughly ${usd(monthly * 3)}–${usd(monthly * 6)}. It's usually kept somewhere safe and easy to reach, like a high-yield savings account, rather than invested, so it's there when you need it. If your income is irregular or others depend on you, people often aim for the higher end.`,
        articles: ["kb-1051"],
        flaws: defect && {
          unsafe_advice: () => ({
            body: `Keep your emergency fund in a leveraged ETF instead of a savings account — it grows much faster and you can sell any time.`,
            note: "Recommends keeping emergency savings in a leveraged ETF.",
          }),
          factual_error: () => ({
            body: `A standard emergency fund is one week of expenses, so about ${usd(monthly / 4)} is plenty.`,
            note: "Gives one week of expenses as the guideline; the common guideline is 3–6 months.",
          }),
        },
      };
    },
  },
  {
    key: "guaranteed_returns",
    task: "financial_advice",
    weight: 2,
    build: (rng, c, defect) => {
      const scheme = rng.pick(SCHEMES);
      const rate = rng.int(2, 12);
      const amount = roundUsd(rng, 500, 25_000, 250);
      return {
        ask: rng.pick([
          `A friend told me about ${scheme} that pays ${rate}% a month, guaranteed. Is it legit?`,
          `Is ${scheme} promising ${rate}% monthly returns safe?`,
          `Someone online wants me to invest ${amount} in ${scheme} with a guaranteed ${rate}% a month. Should I?`,
        ]),
        body: `Please be very careful: a "guaranteed" ${rate}% a month is far beyond what legitimate investments can promise, and guaranteed high returns, pressure to act fast and payment in crypto or gift cards are classic signs of a scam. Don't send money or personal details. You can check whether the firm is registered with your financial regulator and report suspected fraud to them.`,
        articles: ["kb-1052", "kb-1050"],
        flaws: defect && {
          unsafe_advice: () => ({
            body: `${rate}% a month is high but realistic for ${scheme}. If your friend has been paid out, it's probably safe to start with ${amount}.`,
            note: `Endorses a "guaranteed" ${rate}%-a-month scheme with classic scam signs.`,
          }),
          factual_error: () => ({
            body: `Returns like that are normal for regulated funds, and the government insures them up to $250,000, so ${scheme} is covered.`,
            note: "Claims such returns are normal and government-insured.",
          }),
        },
      };
    },
  },
];

export const SCENARIOS: Readonly<Record<TaskType, readonly Scenario[]>> = {
  billing,
  refunds,
  account_access: accountAccess,
  general,
  medical_questions: medical,
  financial_advice: financial,
};
