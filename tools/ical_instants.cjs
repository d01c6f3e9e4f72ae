// Reads an iCalendar file on stdin and writes, per VEVENT, its UID, summary
// and start/end as ical.js understands them (epoch seconds; all-day dates
// as YYYY-MM-DD), to compare with Python icalendar's reading.
"use strict";
const ICAL = require("ical.js");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const calendar = new ICAL.Component(ICAL.parse(input));
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const value = (time) => (time.isDate ? time.toString() : time.toUnixTime());
    return {
      uid: event.uid,
      summary: event.summary,
      start: value(event.startDate),
      end: value(event.endDate),
    };
  });
  process.stdout.write(JSON.stringify(events));
});
