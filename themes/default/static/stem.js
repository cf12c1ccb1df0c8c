/* opsbook: the English (Porter2) Snowball stemmer, as the build uses it for the search
   index (the rust-stemmers crate), so a query's words meet the indexed stems: "backups"
   finds "backup", "deploying" finds "deploy". A test runs this file with Node over
   thousands of words and checks every stem against the build's. */
var opsbookStem = (function () {
  "use strict";
  var VOWELS = "aeiouy";
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var EXCEPTIONS2 = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  var LI_ENDING = "cdeghkmnrt";

  function isV(c) { return c !== undefined && VOWELS.indexOf(c) >= 0; }

  return function stem(word) {
    var w = Array.from(word);
    if (w.length <= 2) return word;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    // Prelude: an initial y, and y after a vowel, are consonants (Y).
    if (w[0] === "'") w.shift();
    if (w[0] === "y") w[0] = "Y";
    for (var i = 1; i < w.length; i++) if (w[i] === "y" && isV(w[i - 1])) w[i] = "Y";
    // Regions.
    var p1 = w.length, p2 = w.length;
    var s = w.join("");
    var start = -1;
    ["gener", "commun", "arsen"].forEach(function (p) { if (start < 0 && s.indexOf(p) === 0) start = p.length; });
    function after(from) {
      // After the first non-vowel that follows a vowel, from `from`.
      for (var k = from; k < w.length; k++) {
        if (isV(w[k])) {
          for (var m = k + 1; m < w.length; m++) if (!isV(w[m])) return m + 1;
          return w.length;
        }
      }
      return w.length;
    }
    p1 = start >= 0 ? start : after(0);
    p2 = after(p1);

    function str() { return w.join(""); }
    function ends(suffix) {
      var t = Array.from(suffix);
      if (t.length > w.length) return false;
      for (var k = 0; k < t.length; k++) if (w[w.length - t.length + k] !== t[k]) return false;
      return true;
    }
    /* The longest of `list` the word ends with, or null. */
    function longest(list) {
      var best = null;
      for (var k = 0; k < list.length; k++) {
        if (ends(list[k]) && (best === null || Array.from(list[k]).length > Array.from(best).length)) best = list[k];
      }
      return best;
    }
    function replace(suffix, by) {
      w.length -= Array.from(suffix).length;
      Array.prototype.push.apply(w, Array.from(by));
    }
    function hasVowel(end) { for (var k = 0; k < end; k++) if (isV(w[k])) return true; return false; }
    /* Does the word, up to `end`, end in a short syllable? */
    function shortv(end) {
      var a = w[end - 3], b = w[end - 2], c = w[end - 1];
      if (end >= 3 && !isV(a) && isV(b) && !isV(c) && c !== "w" && c !== "x" && c !== "Y") return true;
      return end === 2 && isV(b) && !isV(c);
    }

    // Step 1a.
    var suf = longest(["sses", "ied", "ies", "us", "ss", "s"]);
    if (suf === "sses") replace("sses", "ss");
    else if (suf === "ied" || suf === "ies") replace(suf, w.length - 3 >= 2 ? "i" : "ie");
    else if (suf === "s") { if (hasVowel(w.length - 2)) w.length -= 1; }
    if (EXCEPTIONS2.indexOf(str()) >= 0) return str();

    // Step 1b.
    suf = longest(["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    if (suf === "eed" || suf === "eedly") {
      if (w.length - suf.length >= p1) replace(suf, "ee");
    } else if (suf !== null) {
      var stemEnd = w.length - suf.length;
      if (hasVowel(stemEnd)) {
        w.length = stemEnd;
        if (ends("at") || ends("bl") || ends("iz")) w.push("e");
        else if (longest(DOUBLES) !== null) w.length -= 1;
        else if (p1 >= w.length && shortv(w.length)) w.push("e");
      }
    }

    // Step 1c.
    if ((ends("y") || ends("Y")) && w.length > 2 && !isV(w[w.length - 2])) w[w.length - 1] = "i";

    // Step 2.
    var step2 = {
      tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
      ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful",
      ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og",
      fulli: "ful", lessli: "less", li: ""
    };
    suf = longest(Object.keys(step2));
    if (suf !== null && w.length - suf.length >= p1) {
      var before = w[w.length - suf.length - 1];
      if (suf === "ogi") { if (before === "l") replace(suf, "og"); }
      else if (suf === "li") { if (before !== undefined && LI_ENDING.indexOf(before) >= 0) w.length -= 2; }
      else replace(suf, step2[suf]);
    }

    // Step 3.
    var step3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
    suf = longest(Object.keys(step3));
    if (suf !== null && w.length - suf.length >= p1) {
      if (suf === "ative") { if (w.length - 5 >= p2) w.length -= 5; }
      else replace(suf, step3[suf]);
    }

    // Step 4.
    suf = longest(["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
      "ism", "ate", "iti", "ous", "ive", "ize", "ion"]);
    if (suf !== null && w.length - suf.length >= p2) {
      if (suf === "ion") {
        var c = w[w.length - 4];
        if (c === "s" || c === "t") w.length -= 3;
      } else {
        w.length -= suf.length;
      }
    }

    // Step 5.
    if (ends("e")) {
      var at = w.length - 1;
      if (at >= p2 || (at >= p1 && !shortv(at))) w.length -= 1;
    } else if (ends("l")) {
      if (w.length - 1 >= p2 && w[w.length - 2] === "l") w.length -= 1;
    }

    return str().replace(/Y/g, "y");
  };
})();
if (typeof module !== "undefined") module.exports = opsbookStem;
