//! The vocabulary of the synthetic workload: words, titles, tags, moods and notes it draws
//! from (WORKLOAD.md).

pub const WORDS: &str = "
the of and to in a is that for it as was with be by on not he this are or his from at which
but have an they you were her she there one all we their has been if more when will would who
so no out up into them can time only new some could these two may first then do any like my
now over such our man me even most made after also did many before must through back years
where much your way well down should because each just those people how too little state good
very make world still own see men work long get here between both life being under never day
same another know while last might us great old year off come since against go came right used
take three morning evening garden kitchen window river mountain forest city street market train
station office meeting project letter book chapter page coffee tea bread dinner lunch breakfast
walk run swim read write think remember forget notice wonder decide plan finish begin start
quiet loud bright dark warm cold early late slow quick gentle heavy light small large tired
happy calm busy strange familiar simple careful patient honest curious brave lazy soft rough
friend neighbour sister brother mother father child teacher doctor stranger colleague family
rain snow wind sun cloud storm weather season spring summer autumn winter night afternoon hour
minute week month moment memory idea question answer problem reason story picture music song
voice silence road bridge field lake sea shore island hill valley village house room door wall
table chair bed floor roof stairs light lamp candle fire water stone tree flower grass leaf bird
dog cat horse fish apple orange lemon cheese soup rice salt sugar milk wine glass cup plate
knife spoon bag coat shoe hat shirt money price shop bank school library museum theatre film
game match team score goal plan list note card gift box key lock clock phone screen computer
message email call visit trip journey holiday return arrival departure delay change chance
choice habit routine effort progress mistake lesson practice skill craft tool paint brush
pencil paper ink notebook desk shelf corner edge centre side half whole part piece number
always often sometimes rarely usually almost nearly quite rather perhaps maybe certainly
slowly quickly quietly carefully suddenly finally again already soon later today yesterday
tomorrow tonight outside inside around along across behind beside beyond toward without
although though unless until whether while during among within upon above below near far
felt found gave held kept left lost meant put read said saw sent set sat spoke stood took told
thought tried turned wanted watched waited walked wrote asked brought called carried cleaned
cooked drove fixed followed helped hoped joined laughed learned listened looked loved moved
opened painted played pulled pushed reached rested seemed showed smiled stayed stopped talked
";

pub const ADJ: &[&str] = &[
    "quiet", "long", "strange", "bright", "grey", "busy", "slow", "early", "late", "warm", "cold",
    "small", "large", "gentle", "heavy", "calm", "tired", "happy", "simple", "careful", "honest",
    "curious", "lazy", "rough", "soft", "familiar", "ordinary", "odd", "short",
];
pub const NOUN: &[&str] = &[
    "morning",
    "evening",
    "garden",
    "kitchen",
    "window",
    "river",
    "mountain",
    "forest",
    "city",
    "street",
    "market",
    "train",
    "station",
    "office",
    "meeting",
    "project",
    "letter",
    "book",
    "coffee",
    "dinner",
    "walk",
    "visit",
    "trip",
    "journey",
    "holiday",
    "weekend",
    "rain",
    "snow",
    "storm",
    "afternoon",
    "idea",
    "question",
    "problem",
    "story",
    "picture",
    "song",
    "road",
    "bridge",
    "field",
    "lake",
    "shore",
    "hill",
    "village",
    "house",
    "room",
    "friend",
    "neighbour",
    "sister",
    "brother",
    "mother",
    "father",
    "teacher",
];
pub const TITLE_PAT: &[&str] = &[
    "{A} {n} at the {n}",
    "Notes on a {a} {n}",
    "The {n} and the {a} {n}",
    "Another {a} day at the {n}",
    "Thinking about the {n} again",
    "A {a} {n} with my {n}",
    "What the {n} taught me today",
    "{A} {n} after the {n}",
    "Back from the {a} {n}",
    "Small thoughts on {n} and {n}",
];
pub const TAGS: [&str; 40] = [
    "work",
    "family",
    "health",
    "travel",
    "reading",
    "writing",
    "cooking",
    "garden",
    "music",
    "exercise",
    "sleep",
    "money",
    "friends",
    "kids",
    "school",
    "project-x",
    "project-y",
    "meeting",
    "ideas",
    "mood",
    "gratitude",
    "weather",
    "film",
    "books",
    "learning",
    "coding",
    "design",
    "running",
    "cycling",
    "walking",
    "coffee",
    "home",
    "car",
    "repairs",
    "shopping",
    "holiday",
    "birthday",
    "doctor",
    "news",
    "plans",
];

pub const MOODS: &[&str] = &[
    "hopeful", "calm", "anxious", "tired", "raw", "close", "distant", "grateful", "angry", "okay",
];
pub const CHECKIN_NOTES: &[&str] = &[
    "Talked after dinner.",
    "A hard morning, better by the evening.",
    "We walked the long way home.",
    "Couldn't sleep; kept going over it.",
    "Felt listened to today.",
    "Old messages came back to mind.",
    "The counselling session helped.",
    "Quiet day, no big feelings.",
    "Kept the promise about the phone.",
    "Laughed together for the first time in a while.",
];
pub const TRIGGERS: &[&str] = &[
    "a song on the radio",
    "a late message on the phone",
    "driving past the hotel",
    "the anniversary coming up",
    "a friend asking how we are",
    "finding the old messages",
    "a work trip being planned",
    "a silence at dinner",
    "a film with an affair in it",
    "an unexplained hour",
];
pub const HELPED: &[&str] = &[
    "a walk together",
    "asking for reassurance and getting it",
    "writing it down",
    "breathing for five minutes",
    "talking it through",
    "a long hug",
    "some time alone",
    "nothing much, it passed",
];
