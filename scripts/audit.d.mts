export declare function classify(text: string): { verdict: "clean" | "vulnerable" | "unavailable"; detail: string };
