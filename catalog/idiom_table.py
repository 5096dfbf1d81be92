"""The table of idioms people write for what catalogs say plainly, each with its plain words; catalog.idioms reads
them from every question (with the readings that need more than a fixed phrase)."""

from __future__ import annotations

# Idioms people write for what catalogs say plainly ("async out of the box" is built-in async, not a dialog box).
# Said plainly in as many words (stopwords pad), so each word keeps its place in the question.
IDIOMS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("out", "of", "the", "box"): ("the", "the", "the", "built"),
    ("off", "the", "shelf"): ("the", "the", "built"),
    ("under", "the", "hood"): ("the", "the", "the"),
    # Making requests is what an HTTP client library does (another library); the entries answer them. A client
    # alone is just who asks ("the client picks the fields").
    ("making", "http", "requests"): ("the", "http", "httpclient"),
    ("make", "http", "requests"): ("the", "http", "httpclient"),
    ("sending", "http", "requests"): ("the", "http", "httpclient"),
    ("send", "http", "requests"): ("the", "http", "httpclient"),
    ("making", "requests"): ("the", "httpclient"),
    ("make", "requests"): ("the", "httpclient"),
    ("http", "client"): ("http", "httpclient"),
    ("http", "clients"): ("http", "httpclient"),
    ("at", "work"): ("the", "the"),  # at one's job, not background work
    ("last", "night"): ("the", "the"),  # when, not nightly jobs
    ("in", "go"): ("in", "golang"),  # the language, not "to go"
    ("using", "go"): ("using", "golang"),
    # .NET and C# as they are read in words: "c#/.net", "for .net" ("asp.net" below)
    ("c", "net"): ("the", "dotnet"),
    ("for", "net"): ("for", "dotnet"),
    ("in", "net"): ("in", "dotnet"),
    ("swift", "ui"): ("the", "swiftui"),
    # Not blocking on I/O is what an asynchronous framework does ("non-blocking io frameworks": Tornado says it so,
    # Sanic and FastAPI say "asynchronous").
    ("non", "blocking"): ("asynchronous", "blocking"),
    # What pairs well with a web framework supports it; the visual side of an app is its frontend.
    ("pair", "well", "with"): ("the", "the", "supporting"),
    ("pairs", "well", "with"): ("the", "the", "supporting"),
    ("pair", "with"): ("the", "supporting"),
    ("visual", "side"): ("the", "frontend"),
    ("front", "end"): ("the", "frontend"),
    ("client", "side"): ("the", "frontend"),
    ("back", "end"): ("the", "backend"),
    ("user", "interface"): ("the", "ui"),
    ("user", "interfaces"): ("the", "uis"),
    # Work done outside a web request is background work, whatever the request is served by.
    ("outside", "the", "request"): ("the", "the", "background"),
    ("out", "of", "the", "request"): ("the", "the", "the", "background"),
    ("off", "the", "request"): ("the", "the", "background"),
    ("after", "the", "request"): ("the", "the", "background"),
    ("after", "the", "response"): ("the", "the", "background"),
    # ... "off the request cycle" as much as "off the request" (read in one pass: "cycle" is left over).
    ("background", "cycle"): ("background", "the"),
    # Bolting functionality on is extending a small core ("ill bolt on plugins as i need them").
    ("bolt", "on"): ("extend", "the"),
    ("request", "cycle"): ("the", "background"),
    ("request", "thread"): ("the", "background"),
    ("kick", "off"): ("the", "background"),
    # What comes with Python is in its standard library.
    ("ships", "with", "python"): ("stdlib", "the", "standard"),
    ("comes", "with", "python"): ("stdlib", "the", "standard"),
    ("built", "into", "python"): ("stdlib", "the", "standard"),
    ("bundled", "with", "python"): ("stdlib", "the", "standard"),
    ("part", "of", "python"): ("stdlib", "the", "standard"),
    ("nothing", "fancy"): ("the", "simple"),
    # The layer of an app that reads and writes its data is its database layer.
    ("data", "access", "layer"): ("database", "the", "layer"),
    ("data", "access", "layers"): ("database", "the", "layer"),
    # Work on one side of an app is that side ("choices for backend work"), not work done in the background (but
    # "backend work queues", "long-running backend work" are).
    ("for", "backend", "work"): ("for", "backend", "the"),
    ("for", "frontend", "work"): ("for", "frontend", "the"),
    # Made for no one job is what a framework is ("general purpose web frameworks"), not a kind of one (but a
    # "general purpose language" is nothing the catalog has).
    **{
        (made, "purpose", kind): ("the", "the", kind)
        for made in ("general", "all", "multi")
        for kind in ("web", "framework", "frameworks", "backend", "gui", "orm", "task", "dashboard", "python", "py")
    },
    ("same", "time"): ("the", "concurrent"),
    ("back", "office"): ("the", "admin"),
    ("hello", "world"): ("the", "minimal"),
    ("text", "messages"): ("the", "sms"),
    # (but a full-stack developer is a person: "fullstack dev needed for our team")
    **{
        (*stack, person): (*("the",) * len(stack), person)
        for stack in (("full", "stack"), ("fullstack",))
        for person in ("dev", "devs", "developer", "developers", "engineer", "engineers", "role", "bootcamp")
    },
    ("full", "stack"): ("batteries", "featured"),
    # A request that must not wait is work for the background.
    ("request", "returns"): ("the", "background"),
    ("stuck", "waiting"): ("the", "background"),
    ("spits", "out"): ("the", "automatic"),
    ("kick", "it", "off"): ("the", "the", "background"),
    ("kick", "them", "off"): ("the", "the", "background"),
    ("over", "fetching"): ("the", "overfetching"),
    ("under", "fetching"): ("the", "underfetching"),
    # Things outside the catalog said in two words (catalog.question_words.ELSEWHERE knows them in one).
    ("load", "balancer"): ("the", "loadbalancer"),
    ("load", "balancing"): ("the", "loadbalancer"),
    ("reverse", "proxy"): ("the", "reverseproxy"),
    ("model", "training"): ("the", "modeltraining"),
    ("train", "a", "model"): ("the", "the", "modeltraining"),
    ("training", "a", "model"): ("the", "the", "modeltraining"),
    ("json", "library"): ("the", "jsonlibrary"),
    ("json", "parser"): ("the", "jsonlibrary"),
    ("text", "message"): ("the", "sms"),
    ("requests", "lib"): ("the", "httpclient"),
    ("requests", "library"): ("the", "httpclient"),
    ("spit", "out"): ("the", "automatic"),
    ("without", "blocking"): ("the", "background"),
    ("request", "wait"): ("the", "background"),
    ("comes", "back", "instantly"): ("the", "the", "background"),
    ("come", "back", "instantly"): ("the", "the", "background"),
    # "what's the deal with streamlit?" asks about it.
    ("deal", "with"): ("the", "about"),
    # ASP.NET is written with a dot.
    ("asp", "net"): ("the", "aspnet"),
    # Other stacks' tools written as two words (catalog.other_stacks reads them).
    ("action", "cable"): ("the", "actioncable"),
    ("phoenix", "channels"): ("the", "phoenixchannels"),
    ("power", "bi"): ("the", "powerbi"),
    ("entity", "framework"): ("the", "entityframework"),
    ("ef", "core"): ("the", "efcore"),
    ("delayed", "job"): ("the", "delayedjob"),
    ("active", "record"): ("the", "activerecord"),
    ("r", "shiny"): ("the", "rshiny"),
    ("active", "job"): ("the", "activejob"),
    ("ruby", "on", "rails"): ("the", "the", "rails"),
    # async/await is the syntax of asynchronous code; a thick client is a desktop app; standing a site up builds it.
    ("async", "await"): ("async", "the"),
    ("point", "and", "click"): ("the", "the", "gui"),
    ("point", "n", "click"): ("the", "the", "gui"),
    ("thick", "client"): ("desktop", "app"),
    ("thick", "clients"): ("desktop", "apps"),
    ("stand", "up"): ("build", "the"),
    # When, not what: "what do people use these days".
    ("these", "days"): ("the", "the"),
    ("written", "in", "python"): ("the", "in", "python"),
    ("stay", "in", "python"): ("the", "in", "python"),
    ("shopping", "around"): ("looking", "the"),
    # A full-featured framework is one with the batteries included.
    ("full", "featured"): ("batteries", "featured"),
    # "explain it like i'm 5": simply, not a comparison with something else.
    ("like", "im"): ("the", "the"),
    ("like", "i", "m"): ("the", "the", "the"),
    ("kicks", "off"): ("the", "background"),
    ("out", "of", "band"): ("the", "the", "background"),
    ("request", "times", "out"): ("the", "the", "background"),
    ("poll", "for", "the", "result"): ("the", "the", "the", "background"),
    # Made without work ("the openapi page generated for free") is automatic.
    ("for", "free"): ("the", "automatic"),
    # Clicking around a page is using it interactively.
    ("click", "around"): ("the", "interactive"),
    # The side users see is the frontend ("the user-facing side of an app").
    ("user", "facing"): ("the", "frontend"),
    # Code talking to a database interacts with it ("a talk" is something else).
    ("talk", "to"): ("interaction", "to"),
    ("talking", "to"): ("interaction", "to"),
    ("talks", "to"): ("interaction", "to"),
    # Changes to a database's schema, kept as scripts, are migrations ("versioned alter-table scripts").
    ("schema", "changes"): ("schema", "migrations"),
    ("schema", "change"): ("schema", "migrations"),
    ("alter", "table"): ("the", "migrations"),
    # API docs made from code "fall out of" it: made automatically from the type hints of its functions.
    ("fall", "out", "of"): ("automatic", "the", "the"),
    ("falls", "out", "of"): ("automatic", "the", "the"),
    ("function", "signatures"): ("type", "hints"),
    ("function", "signature"): ("type", "hints"),
    ("off", "to", "the", "side"): ("the", "the", "the", "background"),
    # A request answered at once, its work done later, is background work.
    ("return", "right", "away"): ("the", "the", "background"),
    ("returns", "right", "away"): ("the", "the", "background"),
    ("respond", "right", "away"): ("the", "the", "background"),
    ("return", "immediately"): ("the", "background"),
    ("returns", "immediately"): ("the", "background"),
    # Many connections held open at once: what long-lived connections are ("10k open sockets", "keep 10k sockets
    # open at once", "sockets alive").
    ("open", "sockets"): ("long", "connections"),
    ("open", "connections"): ("long", "connections"),
    ("idle", "sockets"): ("long", "connections"),
    ("idle", "connections"): ("long", "connections"),
    ("sockets", "open"): ("connections", "long"),
    ("connections", "open"): ("connections", "long"),
    ("websockets", "open"): ("websockets", "long"),
    ("sockets", "alive"): ("connections", "long"),
    ("connections", "alive"): ("connections", "long"),
    # A request or page that hangs waits for work that belongs in the background (not "times out": the requests
    # library times out calling others).
    ("request", "hangs"): ("the", "background"),
    ("page", "hangs"): ("the", "background"),
    # What one would otherwise write by hand, one wants done automatically.
    ("by", "hand"): ("the", "automatic"),
    ("hand", "writing"): ("the", "automatic"),
    ("hand", "written"): ("the", "automatic"),
    ("hand", "write"): ("the", "automatic"),
    # One machine is where it runs, not a dialog box.
    ("one", "box"): ("one", "the"),
    ("single", "box"): ("the", "the"),
    # An object-relational mapper is an ORM, whichever entry has one ("object relational mappers in py").
    ("object", "relational", "mapper"): ("the", "the", "orm"),
    ("object", "relational", "mappers"): ("the", "the", "orm"),
    ("object", "relational", "mapping"): ("the", "the", "orm"),
    # The layer the user sees and clicks on is the frontend; a desktop client is a desktop app.
    ("presentation", "layer"): ("the", "frontend"),
    ("click", "on"): ("interface", "the"),
    ("desktop", "client"): ("desktop", "app"),
    # "in pure python" is in Python; "doesn't matter" says nothing.
    ("pure", "python"): ("the", "python"),
    ("doesn", "t", "matter"): ("the", "the", "the"),
    # What a framework comes with is built in; picking one's own pieces is flexibility.
    ("come", "with"): ("the", "built"),
    ("pick", "my", "own"): ("the", "the", "flexible"),
    # "which frameworks could work" asks whether they fit; it is not background work.
    ("could", "work"): ("the", "the"),
    ("would", "work"): ("the", "the"),
    ("might", "work"): ("the", "the"),
    ("will", "work"): ("the", "the"),
    # "w/o" is without.
    ("w", "o"): ("the", "without"),
    ("click", "through"): ("the", "interactive"),
    # Letting the client say which fields it wants is what a GraphQL query is for ("graphql" itself would be a name).
    ("exactly", "the", "fields"): ("the", "query", "fields"),
    ("exactly", "the", "data"): ("the", "query", "fields"),
    ("picks", "the", "fields"): ("the", "query", "fields"),
    ("pick", "the", "fields"): ("the", "query", "fields"),
    ("choose", "the", "fields"): ("the", "query", "fields"),
    ("chooses", "the", "fields"): ("the", "query", "fields"),
    ("shape", "of", "the", "data"): ("the", "the", "query", "fields"),
    ("shape", "of", "the", "response"): ("the", "the", "query", "fields"),
}
