# Quire's cell runner, installed into webR once at start-up (kernels/r/RSession.ts).
# It runs a cell read from a file, so code never has to be quoted into a console line, and tells
# the page about rich output with marker lines on stdout: "\x1fquire:<kind> <mime>=<file> ...\x1f".
# The page reads those files; everything else on stdout/stderr is the cell's own text.
local({
  q <- new.env()
  q$dir <- "/tmp/.quire"
  q$n <- 0L
  dir.create(q$dir, showWarnings = FALSE, recursive = TRUE)

  q$file <- function(ext) {
    q$n <- q$n + 1L
    file.path(q$dir, sprintf("out-%d.%s", q$n, ext))
  }
  q$marker <- function(kind, parts) {
    cat("\x1fquire:", kind, " ", paste(parts, collapse = " "), "\x1f\n", sep = "")
  }
  q$text <- function(mime, text, ext) {
    f <- q$file(ext)
    writeLines(enc2utf8(text), f, useBytes = TRUE)
    paste0(mime, "=", f)
  }
  q$escape <- function(x) {
    x <- gsub("&", "&amp;", x, fixed = TRUE)
    x <- gsub("<", "&lt;", x, fixed = TRUE)
    gsub(">", "&gt;", x, fixed = TRUE)
  }
  # Like IRkernel's repr_html for data frames: the first rows as a table, the size in a caption.
  q$html_table <- function(df, max_rows = 50L) {
    shown <- utils::head(df, max_rows)
    cells <- as.data.frame(lapply(shown, function(col) q$escape(format(col))), stringsAsFactors = FALSE)
    head_row <- paste0("<th></th>", paste0("<th>", q$escape(names(df)), "</th>", collapse = ""))
    rows <- vapply(seq_len(nrow(cells)), function(i) {
      paste0("<tr><th>", q$escape(rownames(shown)[i]), "</th>",
             paste0("<td>", unlist(cells[i, , drop = TRUE], use.names = FALSE), "</td>", collapse = ""), "</tr>")
    }, "")
    caption <- sprintf("<caption>A data.frame: %d &times; %d</caption>", nrow(df), ncol(df))
    paste0("<table class=\"dataframe\">", caption, "<thead><tr>", head_row, "</tr></thead><tbody>",
           paste(rows, collapse = ""), "</tbody></table>")
  }
  q$show <- function(value) {
    plain <- q$text("text/plain", utils::capture.output(print(value)), "txt")
    if (is.data.frame(value)) q$marker("result", c(plain, q$text("text/html", q$html_table(value), "html")))
    else q$marker("result", plain)
  }
  q$plots <- function(pattern) {
    while (grDevices::dev.cur() > 1L) grDevices::dev.off()
    files <- Sys.glob(sub("%03d", "*", pattern, fixed = TRUE))
    for (f in sort(files)) q$marker("display", paste0("image/png=", f))
  }
  # " in f(x)" as R words it, but nothing for code at the cell's top level (our own eval call).
  q$where <- function(cond) {
    call <- conditionCall(cond)
    if (is.null(call) || identical(call, quote(eval(e, globalenv())))) return("")
    paste0(" in ", paste(deparse(call, nlines = 1L), collapse = ""))
  }
  q$error <- function(cond) {
    q$marker("error", c(q$text("ename", class(cond)[1L], "txt"),
                        q$text("evalue", paste0("Error", q$where(cond), ": ", conditionMessage(cond)), "txt")))
  }
  # Warnings are shown as they happen: R would print them only after the top-level call, which is
  # after this cell's "done" marker.
  q$warning <- function(cond) {
    message("Warning", q$where(cond), ": ", conditionMessage(cond))
    invokeRestart("muffleWarning")
  }
  # Runs one cell: each top-level expression like the console would, visible values as results,
  # every page drawn on the cell's PNG device as an image once the cell ends.
  q$run <- function(path, count) {
    pattern <- file.path(q$dir, sprintf("plot-%d-%%03d.png", count))
    grDevices::png(pattern, width = 7, height = 5, units = "in", res = 96)
    on.exit({ q$plots(pattern); q$marker("done", "") }, add = TRUE)
    tryCatch({
      exprs <- parse(path, keep.source = FALSE, encoding = "UTF-8")
      for (e in exprs) {
        res <- withCallingHandlers(withVisible(eval(e, globalenv())), warning = q$warning)
        if (res$visible) q$show(res$value)
      }
    }, error = q$error, interrupt = function(cond) {
      q$marker("error", c(q$text("ename", "interrupt", "txt"), q$text("evalue", "Interrupted", "txt")))
    })
    invisible()
  }
  # install.packages() from webR's repository (WebR's repoUrl, config `webrRepoUrl`): CRAN's
  # source packages cannot be built here, so any `repos` a notebook names is ignored. The .tgz
  # form is used (mount = FALSE): every webR-format repository has it.
  # Packages already installed (those the launch resolved from install.R, untarred at start) are
  # skipped before webr::install reads the repository's index, so such a cell also runs offline.
  q$install.packages <- function(pkgs, ...) {
    missing <- Filter(function(p) length(find.package(p, quiet = TRUE)) == 0L, pkgs)
    if (length(missing) > 0L) webr::install(missing, mount = FALSE)
    invisible(NULL)
  }
  # On the search path rather than in the global environment, so rm(list = ls(all.names = TRUE))
  # in a notebook cannot remove it.
  tools <- attach(NULL, name = "tools:quire")
  assign(".quire", q, envir = tools)
  assign("install.packages", q$install.packages, envir = tools)
})
