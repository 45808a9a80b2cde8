// The fictional customer behind one conversation. Scenarios read their amounts, plan and device
// from here so a question and its answer agree (the answer quotes the same charge the user saw).
import type { Rng } from "@/lib/demo/random";

export type Segment = "free" | "pro" | "enterprise";
export type Channel = "web" | "ios" | "android" | "email" | "helpcenter";
export type Platform = "ios" | "android" | "web";

export type Customer = {
  firstName: string;
  lastName: string;
  segment: Segment;
  /** The paid plan the conversation is about: free users ask about the Pro plan their trial converts to. */
  plan: "Pro" | "Enterprise";
  cycle: "monthly" | "annual";
  /** A free-segment user whose Pro trial converted to a paid plan: their charges read differently. */
  trial: boolean;
  seats: number;
  /** The most recent charge, in USD. */
  charge: number;
  last4: string;
  /** The device the conversation comes from: a phone or tablet in the apps, a computer on the web. */
  device: string;
  /** Web users' browser ("" in the apps). */
  browser: string;
  /** The customer's phone, which holds the authenticator and any app-store subscription. */
  phone: string;
  platform: Platform;
  appVersion: string;
  verified: boolean;
  locale: string;
};

// Current list prices (kb-1016 and kb-1017 say the same; answers must agree with them).
export const PRO_MONTHLY = 12.99;
export const PRO_ANNUAL = 129;
export const PRO_MONTHLY_OLD = 9.99;
export const PRO_ANNUAL_OLD = 99;
export const SEAT_MONTHLY = 15;
export const SEAT_ANNUAL = 150;
export const TRIAL_DAYS = 14;

const FIRST_NAMES = [
  "Maya", "Liam", "Sofia", "Noah", "Aisha", "Lukas", "Emma", "Mateo", "Chloe", "Oliver", "Priya", "Jonas", "Hannah",
  "Diego", "Fatima", "Ethan", "Zoe", "Marco", "Ines", "Kenji", "Grace", "Omar", "Elena", "Sam", "Nora", "Tom",
  "Lea", "Ravi", "Julia", "Ben", "Amelia", "Felix", "Yara", "Daniel", "Mia", "Arjun", "Clara", "Hugo", "Leila",
  "Jack", "Sara", "Finn", "Anna", "Mohammed", "Isla", "Pablo", "Nina", "Kai", "Rosa", "Leo", "Alice", "Tariq",
  "Freya", "Lucas", "Hana", "Victor", "Emily", "Samir", "Ruby", "Max", "Olga", "Chen", "Ada", "Jamal", "Lina",
  "Oscar", "Mei", "Theo", "Valentina", "Adam", "Zara", "Erik", "Naomi", "Luis", "Ivy", "Kofi", "Marta", "Sean",
];

const LAST_NAMES = [
  "Smith", "Müller", "Garcia", "Khan", "Nguyen", "Rossi", "Schmidt", "Brown", "Kowalski", "Silva", "Johnson",
  "Novak", "Martin", "Okafor", "Jensen", "Fischer", "Lopez", "Patel", "Dubois", "Hansen", "Wilson", "Costa",
  "Weber", "Murphy", "Tanaka", "Kim", "Moreau", "Becker", "Ahmed", "Walsh", "Santos", "Lindqvist", "Horvat",
  "Evans", "Romano", "Meyer", "Chen", "O'Brien", "Haddad", "Nowak", "Bauer", "Ivanova", "Clarke", "Yilmaz",
];

const EMAIL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "gmx.de", "hotmail.co.uk", "web.de", "mail.com"];

const DEVICES: Record<Platform, readonly string[]> = {
  ios: ["iPhone 15", "iPhone 14", "iPhone 13 mini", "iPhone 16 Pro", "iPhone SE", "iPad Air", "iPad"],
  android: ["Pixel 8", "Pixel 7a", "Galaxy S23", "Galaxy A54", "OnePlus 12", "Xiaomi Redmi Note 13", "Galaxy Tab S9", "Motorola G84"],
  web: ["Windows laptop", "MacBook", "Chromebook", "Linux desktop", "work laptop", "iMac", "Surface"],
};
const BROWSERS = ["Chrome", "Chrome", "Safari", "Firefox", "Edge"];

const LOCALES = [
  ["en-US", 0.52],
  ["en-GB", 0.24],
  ["en-CA", 0.08],
  ["en-AU", 0.07],
  ["en-IE", 0.05],
  ["en-IN", 0.04],
] as const;

function pickLocale(rng: Rng): string {
  let target = rng.next();
  for (const [locale, share] of LOCALES) {
    target -= share;
    if (target < 0) return locale;
  }
  return "en-US";
}

/** `billingTopic`: whether the conversation is about billing or refunds (see `Customer.trial`). */
export function makeCustomer(rng: Rng, segment: Segment, channel: Channel, billingTopic: boolean): Customer {
  const platform: Platform =
    channel === "ios" || channel === "android" || channel === "web" ? channel : rng.pick(["ios", "android", "web"] as const);
  const plan = segment === "enterprise" ? "Enterprise" : "Pro";
  // Trials always convert to monthly Pro, and most paying individuals stay monthly.
  const cycle = segment === "free" ? "monthly" : rng.chance(segment === "enterprise" ? 0.7 : 0.35) ? "annual" : "monthly";
  const device = rng.pick(DEVICES[platform]);
  const seats = segment === "enterprise" ? rng.pick([5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 120, 200]) : 1;
  const charge =
    plan === "Enterprise" ? seats * (cycle === "annual" ? SEAT_ANNUAL : SEAT_MONTHLY) : cycle === "annual" ? PRO_ANNUAL : PRO_MONTHLY;
  return {
    firstName: rng.pick(FIRST_NAMES),
    lastName: rng.pick(LAST_NAMES),
    segment,
    plan,
    cycle,
    // Free users only write about charges once their trial has converted; everywhere else they are plain Free.
    trial: segment === "free" && billingTopic,
    seats,
    charge,
    last4: pad4(rng.int(0, 9999)),
    device,
    browser: platform === "web" ? rng.pick(BROWSERS) : "",
    phone: platform === "web" ? rng.pick(DEVICES[rng.chance(0.55) ? "ios" : "android"]) : device,
    platform,
    appVersion: `5.${rng.int(8, 14)}.${rng.int(0, 6)}`,
    verified: rng.chance(segment === "enterprise" ? 0.8 : 0.55),
    locale: pickLocale(rng),
  };
}

/** A stranger's plausible email address, for the planted "leaked another account's email" defects. */
export function strangerEmail(rng: Rng): string {
  const first = rng.pick(FIRST_NAMES).toLowerCase();
  const last = rng.pick(LAST_NAMES).toLowerCase().replace(/[^a-z]/g, "");
  const style = rng.int(0, 3);
  const local = style === 0 ? `${first}.${last}` : style === 1 ? `${first[0]}${last}${rng.int(1, 99)}` : style === 2 ? `${first}${last[0]}${rng.int(70, 99)}` : `${last}.${first}`;
  return `${local}@${rng.pick(EMAIL_DOMAINS)}`;
}

/** The customer's own address as the account would hold it. */
export function customerEmail(rng: Rng, customer: Customer): string {
  const local = `${customer.firstName}.${customer.lastName}`.toLowerCase().replace(/[^a-z.]/g, "");
  return `${local}${rng.chance(0.4) ? rng.int(1, 99) : ""}@${rng.pick(EMAIL_DOMAINS)}`;
}

export function planLabel(customer: Customer): string {
  if (customer.plan === "Enterprise") return `Enterprise (${customer.cycle}, ${customer.seats} seats)`;
  if (customer.trial) return "Pro (monthly, converted from free trial)";
  if (customer.segment === "free") return "Free";
  return `Pro (${customer.cycle})`;
}

// The formatting helpers below run several times per record; Intl, regular expressions and
// padStart made up a noticeable share of the generation time.

function pad4(n: number): string {
  return n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : String(n);
}

/** "$12.99", "$129", "$1,500". */
export function usd(amount: number): string {
  const cents = Math.round(amount * 100);
  let rest = Math.floor(cents / 100);
  let whole = "";
  while (rest >= 1000) {
    const group = rest % 1000;
    whole = `,${group < 10 ? "00" : group < 100 ? "0" : ""}${group}${whole}`;
    rest = Math.floor(rest / 1000);
  }
  whole = `${rest}${whole}`;
  const fraction = cents % 100;
  return fraction === 0 ? `$${whole}` : `$${whole}.${fraction < 10 ? "0" : ""}${fraction}`;
}

/** Whole-dollar amounts with separators, for savings and balances users quote. */
export function roundUsd(rng: Rng, min: number, max: number, step: number): string {
  return usd(Math.round(rng.uniform(min, max) / step) * step);
}

const RECENTLY = ["yesterday", "this morning", "last night", "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "over the weekend", "two days ago", "three days ago", "earlier today", "last week"];

/** A loose "when" the way users write it; answers never depend on its exact value. */
export function recently(rng: Rng): string {
  if (rng.chance(0.2)) return `on the ${ordinal(rng.int(1, 28))}`;
  return rng.pick(RECENTLY);
}

const SINCE = ["yesterday", "Monday", "Tuesday", "Wednesday", "the weekend", "last week", "this morning", "last night"];

/** The "since …" form of `recently`. */
export function sinceWhen(rng: Rng): string {
  if (rng.chance(0.15)) return `the ${ordinal(rng.int(1, 28))}`;
  return rng.pick(SINCE);
}

export function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
}

/** How a user would describe "n days ago". */
export function daysAgoPhrase(days: number): string {
  if (days <= 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `about ${Math.round(days / 7)} weeks ago`;
  return `about ${Math.round(days / 30)} months ago`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
