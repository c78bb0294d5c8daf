/*
 * stackplan: let the site's search run when the pages are opened from disk (file://).
 *
 * Browsers refuse to start a Web Worker from a file:// page, and Material's search runs in
 * one. Material's offline plugin would fetch a stand-in ("iframe-worker") from a CDN at view
 * time; this file is stackplan's own stand-in instead, so nothing is fetched from the network.
 * Its name contains "iframe-worker", which tells the offline plugin that a shim is present.
 *
 * How: on file:// only, `Worker` is replaced by a class that runs the worker script in a
 * hidden same-origin iframe and carries messages between page and iframe as DOM events.
 */
(function () {
  "use strict";
  if (typeof window === "undefined" || window.location.protocol !== "file:") {
    return;
  }

  function loadScript(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + url)); };
      doc.head.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._pending = [];
      this._ready = false;
      var src = new URL(String(url), window.location.href).href;
      var frame = document.createElement("iframe");
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      frame.style.display = "none";
      (document.body || document.documentElement).appendChild(frame);
      this._frame = frame;

      var self = this;
      var inner = frame.contentWindow;
      // Worker globals the script expects: postMessage goes back to the page and
      // importScripts loads further scripts (relative to the worker script).
      inner.postMessage = function (data) {
        setTimeout(function () { self._emit("message", data); }, 0);
      };
      inner.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, next) {
          return done.then(function () { return loadScript(inner.document, new URL(next, src).href); });
        }, Promise.resolve());
      };
      loadScript(inner.document, src).then(function () {
        self._ready = true;
        self._pending.splice(0).forEach(function (data) { self.postMessage(data); });
      }, function (error) {
        self._emit("error", error);
      });
    }

    postMessage(data) {
      if (!this._ready) {
        this._pending.push(data);
        return;
      }
      var inner = this._frame.contentWindow;
      setTimeout(function () {
        inner.dispatchEvent(new inner.MessageEvent("message", { data: data }));
      }, 0);
    }

    terminate() {
      this._frame.remove();
    }

    _emit(type, payload) {
      var event = type === "message"
        ? new MessageEvent("message", { data: payload })
        : new ErrorEvent("error", { error: payload, message: String(payload) });
      var handler = type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") {
        handler.call(this, event);
      }
      this.dispatchEvent(event);
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
