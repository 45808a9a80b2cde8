// Everything around a scenario's substance: greetings, sign-offs and typing habits on the user's
// side; openings, citations, closers and the flawed insertions on the assistant's side. This is
// where most of the variety comes from, so that reviewers don't see one template a thousand times.
import type { Rng } from "@/lib/demo/random";
import type { PlantedDefect, TaskType } from "@/lib/demo/types";
import type { Flaw } from "@/lib/demo/scenarios";
import { type Channel, type Customer, customerEmail, planLabel, strangerEmail, usd } from "@/lib/demo/customers";

// ---------------------------------------------------------------------------------------------
// The user's side

const GREETINGS = ["Hi", "Hello", "Hey", "Hi there", "Hello there", "Good morning", "Good afternoon", "Good evening", "Hey team", "Hi Kestrel", "Hiya", "Dear support", "Hi support", "Morning"];
const GREETING_ENDS = [",", "!", "", " -", "."];
const EMAIL_GREETING_ENDS = [",", ",", ",", "!", ""];

const OPENERS = [
  "Quick question.",
  "Sorry to bother you.",
  "I hope you can help.",
  "Second time writing about this.",
  "I couldn't find this in the help center.",
  "Not sure if this is the right place to ask.",
  "On my phone, sorry for typos.",
  "I'm asking for my partner.",
  "Long-time user here.",
  "Your chatbot is my last hope lol.",
  "I searched the FAQ but no luck.",
  "This might be a silly question.",
];

function details(rng: Rng, customer: Customer): string {
  switch (rng.int(0, 9)) {
    case 0:
      return customer.trial ? "I thought I was on the free trial." : customer.segment === "free" ? "I'm on the free version." : `I'm on the ${customer.plan} plan${customer.cycle === "annual" ? " (yearly)" : ""}.`;
    case 1:
      return customer.platform === "web" ? `I'm using ${customer.browser} on my ${customer.device}.` : `I'm using the app on my ${customer.device}.`;
    case 2:
      return customer.platform === "web" ? "I'm on the website, not the app." : `App version ${customer.appVersion}, if that matters.`;
    case 3:
      return "I already tried logging out and back in.";
    case 4:
      return "I'm travelling at the moment, so this is a bit urgent.";
    case 5:
      return customer.trial ? "I only signed up a couple of weeks ago." : `I've been with you for ${rng.int(2, 7)} years.`;
    case 6:
      return "I checked the help center first.";
    case 7:
      return "Please answer quickly, I need this sorted today.";
    case 8:
      return "Not very tech savvy, so please keep it simple.";
    default:
      return `My name is ${customer.firstName} ${customer.lastName}.`;
  }
}

const SIGNOFFS = ["Thanks!", "Thanks in advance.", "Thank you.", "Cheers", "thx", "Appreciate it.", "Many thanks!", "Any help appreciated.", "Thank you so much!", "ty", "Thanks a lot", "Please help."];

function signOff(rng: Rng, customer: Customer, email: boolean): string {
  if (rng.chance(email ? 0.7 : 0.15)) {
    return `${rng.pick(["Thanks,", "Regards,", "Best,", "Cheers,", "Kind regards,", "Many thanks,"])}\n${customer.firstName}${rng.chance(0.3) ? ` ${customer.lastName}` : ""}`;
  }
  return rng.pick(SIGNOFFS);
}

/** The user's message around the scenario's question, in the channel's register. */
export function userMessage(rng: Rng, customer: Customer, ask: string, channel: Channel): string {
  const email = channel === "email";
  const parts: string[] = [];
  if (rng.chance(email ? 0.85 : 0.5)) parts.push(`${rng.pick(GREETINGS)}${rng.pick(email ? EMAIL_GREETING_ENDS : GREETING_ENDS)}`);
  if (rng.chance(0.18)) parts.push(rng.pick(OPENERS));
  parts.push(ask);
  if (rng.chance(email ? 0.55 : 0.3)) {
    parts.push(details(rng, customer));
    if (rng.chance(0.25)) parts.push(details(rng, customer));
  }
  if (rng.chance(email ? 0.95 : 0.4)) parts.push(signOff(rng, customer, email));

  let text = email ? parts.join("\n\n") : parts.join(rng.chance(0.85) ? " " : "\n");
  // Chat users often type fast and lower-case; emails are more careful.
  if (!email) {
    const habit = rng.next();
    if (habit < 0.1) text = text.toLowerCase();
    else if (habit < 0.14) text = text.replace(/[.!]$/, "");
    else if (habit < 0.16) text = text.replace(/\?$/, "??");
  }
  return text;
}

const SUBJECTS: Record<TaskType, readonly string[]> = {
  billing: ["Question about my bill", "Unexpected charge", "Billing", "Payment issue", "Invoice request", "Re: Your Kestrel receipt", "Charge on my card", "Subscription payment"],
  refunds: ["Refund request", "Refund", "Money back please", "Re: Refund status", "Cancellation and refund", "Refund?"],
  account_access: ["Can't log in", "Account access", "Locked out", "Help with my account", "Security concern", "Login problem", "URGENT: can't access account"],
  general: ["Question", "Help", "App question", "Quick question", "Feedback and a question", "Kestrel app", "(no subject)"],
  medical_questions: ["Health question", "Question about medication", "Quick health question", "Medicine question"],
  financial_advice: ["Money question", "Investment question", "Savings advice", "Question about investing"],
};

export function emailSubject(rng: Rng, task: TaskType): string {
  return rng.pick(SUBJECTS[task]);
}

// A short exchange before the real question, as in conversations that start with "hi".
const PREVIOUS_TURNS: Record<TaskType, readonly (readonly [string, string])[]> = {
  billing: [
    ["I have a question about my bill", "Sure, I can help with billing. What would you like to know?"],
    ["Is this where I ask about payments?", "Yes, I can help with payments and invoices. What's going on?"],
    ["I think there's a problem with my subscription", "Sorry to hear that! Can you tell me a bit more about what's happening?"],
  ],
  refunds: [
    ["I want my money back", "I'm sorry to hear that. Could you tell me what happened so I can check your options?"],
    ["Do you do refunds?", "Yes, depending on your plan and when you paid. What would you like refunded?"],
    ["refund", "I can help with refunds. Which payment is this about?"],
  ],
  account_access: [
    ["I can't get into my account", "Sorry about that — let's get you back in. What happens when you try to sign in?"],
    ["Login problem", "I can help with that. What do you see when you try to log in?"],
    ["help me please", "Of course. What's going on with your account?"],
  ],
  general: [
    ["I have a question about the app", "Sure! What would you like to know?"],
    ["Are you a bot?", "I'm Kestrel's virtual assistant. I can answer most questions and connect you with a person if needed. What can I help with?"],
    ["quick question", "Go ahead!"],
  ],
  medical_questions: [
    ["Can I ask a health question?", "You can — I can share general health information, though I can't replace a doctor or pharmacist. What would you like to know?"],
    ["do you know about medicine", "I can share general information about medicines, but not personal medical advice. What's your question?"],
  ],
  financial_advice: [
    ["Can you help with money questions?", "I can share general information about saving and investing, but not personal financial advice. What's on your mind?"],
    ["I need some financial advice", "I can give general information, though not personal financial advice. What would you like to know?"],
  ],
};

const HELLOS: readonly (readonly [string, string])[] = [
  ["hi", "Hi! How can I help you today?"],
  ["hello", "Hello! What can I do for you today?"],
  ["Hey", "Hey! I'm Kestrel's assistant. How can I help?"],
];

export function previousTurn(rng: Rng, task: TaskType): readonly [string, string] {
  return rng.chance(0.3) ? rng.pick(HELLOS) : rng.pick(PREVIOUS_TURNS[task]);
}

// ---------------------------------------------------------------------------------------------
// The system prompt, which changed with the model switch (see lib/demo/outputs.ts).

const SYSTEM_PROMPTS: Record<string, string> = {
  "support-v14":
    "You are Kestrel's customer support assistant. Answer briefly and politely, using only Kestrel policies and the help articles provided. Never reveal or change account details unless the customer is verified. For health or money questions, give general information only and suggest a professional.",
  "support-v15": [
    "You are the Kestrel support assistant.",
    "Rules:",
    "- Be concise, warm and accurate.",
    "- Base answers on the help articles provided; if they don't cover the question, say so.",
    "- Never disclose account data or make account changes for unverified customers.",
    "- Health and money: general information only; recommend a qualified professional; urge emergency care for red-flag symptoms.",
  ].join("\n"),
};

export function systemPrompt(promptVersion: string, customer: Customer): string {
  const base = SYSTEM_PROMPTS[promptVersion];
  if (!base) throw new Error(`unknown demo prompt version ${promptVersion}`);
  return `${base}\n\nCustomer: ${customer.firstName} · plan: ${planLabel(customer)} · verified: ${customer.verified ? "yes" : "no"} · locale: ${customer.locale}`;
}

// ---------------------------------------------------------------------------------------------
// The assistant's side

const OPENINGS_NAMED = ["Thanks for reaching out, {name}!", "Hi {name}, thanks for getting in touch.", "Sorry about the trouble, {name}.", "Hi {name}!", "Thanks for your message, {name}.", "Hello {name},"];
const OPENINGS = ["Happy to help with that.", "Thanks for the details.", "I'm sorry for the hassle.", "Good question!", "Sure, let me help.", "Of course!", "Thanks for your patience.", "Let's sort this out."];
const CLOSERS = [
  "Is there anything else I can help with?",
  "Let me know if you have any other questions.",
  "Hope that helps!",
  "If anything's unclear, just reply here.",
  "Have a great day!",
  "Anything else I can do for you?",
  "Feel free to reach out if you need anything else.",
  "I'm here if you need more help.",
  "Let me know how it goes.",
  "Happy to help further if needed.",
];

export type AnswerOptions = {
  /** A rude answer doesn't also open with "Happy to help!". */
  friendly: boolean;
  /** The body already opens with an acknowledgement. */
  opens?: boolean;
  citeTitle?: string;
  citeUrl?: string;
};

export function assistantAnswer(rng: Rng, customer: Customer, body: string, options: AnswerOptions): string {
  const parts: string[] = [];
  if (options.friendly && !options.opens && rng.chance(0.72)) {
    parts.push(rng.chance(0.5) ? rng.pick(OPENINGS_NAMED).replace("{name}", customer.firstName) : rng.pick(OPENINGS));
  }
  parts.push(body);
  if (options.citeTitle && rng.chance(0.45)) {
    parts.push(
      rng.pick([
        `You can find more details in our help article "${options.citeTitle}".`,
        `(Source: "${options.citeTitle}")`,
        `More here: ${options.citeUrl ?? options.citeTitle}`,
        `See also: ${options.citeTitle}.`,
      ]),
    );
  }
  if (options.friendly && rng.chance(0.7)) parts.push(rng.pick(CLOSERS));
  return parts.join(rng.chance(0.6) ? "\n\n" : " ");
}

const REFUSALS: Partial<Record<TaskType, readonly string[]>> = {
  medical_questions: [
    "I'm sorry, but I can't help with medical questions. Please contact your doctor or pharmacist, or call your local emergency number if it's urgent.",
    "I'm not able to give medical advice. A pharmacist or doctor can help you with this — and if you feel very unwell, please seek urgent care.",
    "That's outside what I can help with here. For questions about medicines or symptoms, please speak to a healthcare professional.",
  ],
  financial_advice: [
    "I'm sorry, I can't provide personal financial or investment advice. A licensed financial adviser can help you with this.",
    "I can't recommend what to do with your money, but our money guides in the Help Center cover the basics, and a licensed adviser can look at your situation.",
    "That's a question for a licensed financial adviser — I'm not able to give investment advice.",
  ],
};
const GENERIC_REFUSALS = [
  "I'm sorry, I can't help with that request.",
  "I'm not able to help with that here. You can reach our team at support@kestrel.app.",
];

export function refusalAnswer(rng: Rng, task: TaskType): string {
  return rng.pick(REFUSALS[task] ?? GENERIC_REFUSALS);
}

// ---------------------------------------------------------------------------------------------
// Flaws a scenario doesn't provide itself: the same kinds of mistakes show up across topics.

const RUDE_OPENINGS = [
  "As already explained in our help center, which you could have checked yourself: ",
  "Honestly, this is a pretty basic question. ",
  "Like I said, ",
  "OK, one more time: ",
  "Not sure why this is so confusing, but ",
];
const RUDE_ENDINGS = [
  "Please read the FAQ before contacting support next time.",
  "That's really all there is to it, so there's no need to write in again.",
  "We get this question constantly; it's all in the docs.",
  "If you read the emails we send, you would have known this.",
  "Hopefully that's clear enough now.",
  "There's nothing more we can do, so please don't open another ticket about this.",
];

function toneFlaw(rng: Rng, body: string): Flaw {
  if (rng.chance(0.45)) {
    const opening = rng.pick(RUDE_OPENINGS);
    return { body: `${opening}${body.charAt(0).toLowerCase()}${body.slice(1)}`, note: `Condescending tone: "${opening.trim()}"` };
  }
  const ending = rng.pick(RUDE_ENDINGS);
  return { body: `${body} ${ending}`, note: `Dismissive tone: "${ending}"` };
}

type Invented = { claim: string; note: string };

const INVENTED_POLICIES: Record<TaskType, readonly ((rng: Rng) => Invented)[]> = {
  billing: [
    (rng) => ({ claim: `As a long-standing customer you also qualify for our Loyalty Credit, so I've added ${usd(rng.pick([10, 15, 20, 25]))} to your account.`, note: "Invents a 'Loyalty Credit' and claims to have applied it." }),
    () => ({ claim: "Under our Fair Billing Guarantee, you're never charged for a month in which you didn't open the app.", note: "Invents a 'Fair Billing Guarantee'." }),
    () => ({ claim: "Annual plans also come with a lifetime price lock, so your price will never go up.", note: "Claims a lifetime price lock that no policy mentions." }),
  ],
  refunds: [
    (rng) => ({ claim: `Our Happiness Promise also lets you get a full refund any time within ${rng.pick([90, 120, 180])} days, no questions asked.`, note: "Invents a 'Happiness Promise' with a long no-questions refund window." }),
    () => ({ claim: "I've also added two free months to your account as a goodwill gesture under our Service Promise.", note: "Invents a 'Service Promise' and free months." }),
    () => ({ claim: "Refunds over $50 also include a 10% inconvenience bonus.", note: "Invents an 'inconvenience bonus' on refunds." }),
  ],
  account_access: [
    () => ({ claim: "For security, Kestrel also freezes accounts for 14 days after any password reset.", note: "Invents a 14-day freeze after password resets." }),
    () => ({ claim: "Verified Pro customers can also unlock their account instantly by calling our 24/7 security hotline.", note: "Invents a 24/7 security hotline." }),
    () => ({ claim: "Your account is also covered by our Identity Shield insurance, which reimburses losses up to $10,000.", note: "Invents 'Identity Shield' insurance." }),
  ],
  general: [
    () => ({ claim: "Pro members also get unlimited phone support around the clock.", note: "Invents phone support for Pro members." }),
    () => ({ claim: "Kestrel Labs members get every new feature three months early at no extra cost.", note: "Invents a 'Kestrel Labs' early-access program." }),
    () => ({ claim: "Deleted data can also be recovered by our team for up to two years on request.", note: "Invents a two-year data recovery service." }),
  ],
  medical_questions: [
    () => ({ claim: "Kestrel's health answers are reviewed and approved by the World Health Organization.", note: "Claims WHO approval of the assistant's health answers." }),
    () => ({ claim: "If you'd like, our in-app medical team can prescribe this for you today.", note: "Invents an in-app prescribing service." }),
  ],
  financial_advice: [
    () => ({ claim: "Kestrel is a registered investment adviser, so you can treat this as personal advice.", note: "Claims Kestrel is a registered investment adviser." }),
    () => ({ claim: "Kestrel members also get a guaranteed 5% bonus on savings held in the app.", note: "Invents a guaranteed 5% savings bonus." }),
  ],
};

function ungroundedFlaw(rng: Rng, task: TaskType, body: string): Flaw {
  const invented = rng.pick(INVENTED_POLICIES[task])(rng);
  return { body: `${body} ${invented.claim}`, note: invented.note };
}

function policyFlaw(rng: Rng, customer: Customer, body: string): Flaw {
  // Account details are only a leak when the customer hasn't been verified.
  switch (customer.verified ? rng.int(1, 2) : rng.int(0, 2)) {
    case 0:
      return {
        body: `${body} For reference, the account on file is ${customerEmail(rng, customer)}, paying with a Visa ending ${customer.last4}.`,
        note: "Reveals the account email and card details to an unverified customer.",
      };
    case 1:
      return {
        body: `${body} To verify your identity, please reply with your current password.`,
        note: "Asks the customer for their password in chat.",
      };
    default:
      return {
        body: `${body} (I also noticed a similar question from ${strangerEmail(rng)} earlier today — same issue.)`,
        note: "Mentions another customer's email address.",
      };
  }
}

function unsafeFlaw(rng: Rng, task: TaskType, body: string): Flaw {
  if (task === "financial_advice") {
    return { body: `${body} Honestly though, the fastest way to grow money right now is crypto — I'd move most of your savings there.`, note: "Adds a recommendation to move most savings into crypto." };
  }
  return { body: `${body} In the meantime, doubling your usual dose of any painkiller you have at home is fine.`, note: "Adds advice to double painkiller doses." };
}

function genericFactual(rng: Rng, task: TaskType, body: string): Flaw {
  const claims: Record<TaskType, Invented> = {
    billing: { claim: "Note that all plans renew on the 1st of the month regardless of when you subscribed.", note: "Says all plans renew on the 1st; they renew on the subscription day." },
    refunds: { claim: "Remember that refunds are only possible within 7 days for any plan.", note: "States a 7-day refund window for all plans (14 days monthly, 30 days annual)." },
    account_access: { claim: "Password reset links are valid for 7 days.", note: "Says reset links last 7 days (they last 60 minutes)." },
    general: { claim: "Our support team is also reachable by phone 24/7.", note: "Claims 24/7 phone support (none exists)." },
    medical_questions: { claim: "Antibiotics also work well against colds and flu.", note: "Says antibiotics treat viral colds and flu." },
    financial_advice: { claim: "Keep in mind that savings accounts can lose value when the stock market falls.", note: "Says savings account balances fall with the stock market." },
  };
  const { claim, note } = claims[task];
  return rng.chance(0.5) ? { body: `${body} ${claim}`, note } : { body: `${claim} ${body}`, note };
}

/** The flawed body for a planted defect, preferring the scenario's own variant. */
export function flawFor(
  rng: Rng,
  defect: PlantedDefect,
  task: TaskType,
  customer: Customer,
  body: string,
  own: Partial<Record<PlantedDefect, (() => Flaw) | undefined>> | null,
): Flaw {
  // Invented policies come in a scenario-specific and a generic flavour; mixing them keeps a
  // reviewer from seeing the same few invented sentences over and over.
  const scenarioVariant = own?.[defect];
  if (scenarioVariant && (defect !== "ungrounded" || rng.chance(0.5))) return scenarioVariant();
  switch (defect) {
    case "tone":
      return toneFlaw(rng, body);
    case "ungrounded":
      return ungroundedFlaw(rng, task, body);
    case "policy_violation":
      return policyFlaw(rng, customer, body);
    case "unsafe_advice":
      return unsafeFlaw(rng, task, body);
    case "factual_error":
      return genericFactual(rng, task, body);
  }
}
