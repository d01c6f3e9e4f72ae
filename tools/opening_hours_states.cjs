// Reads {"texts": [...], "instants": [epoch milliseconds, ...]} on stdin and
// writes, per text, opening_hours.js's "open?" at each instant (or an error).
// Run with TZ=Europe/Berlin: opening_hours.js reads a Date's local wall time.
"use strict";
const OpeningHours = require("opening_hours");

// Duisburg, North Rhine-Westphalia: opening_hours.js takes the region's
// public and school holidays from a Nominatim-shaped answer.
const PLACE = {
  lat: 51.42,
  lon: 6.76,
  address: { country_code: "de", state: "Nordrhein-Westfalen" },
};

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { texts, instants } = JSON.parse(input);
  const answer = {};
  for (const text of texts) {
    try {
      const hours = new OpeningHours(text, PLACE);
      answer[text] = instants.map((ms) => hours.getState(new Date(ms)));
    } catch (error) {
      answer[text] = String(error);
    }
  }
  process.stdout.write(JSON.stringify(answer));
});
