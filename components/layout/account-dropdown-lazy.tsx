"use client";

import dynamic from "next/dynamic";

// Every page's header has the account menu, but only signed-in users get the dropdown (Radix menu, popper,
// focus management): as a dynamic import its JavaScript is fetched for the pages that render it, not for everyone's.
// Server-rendered as usual, so the button is there before the script.
export const AccountDropdown = dynamic(() => import("./account-dropdown").then((module) => module.AccountDropdown));
