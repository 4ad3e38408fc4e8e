package dev.lazarus.it.apps.kotlin

import dev.lazarus.Durable
import dev.lazarus.ExecutionKey
import dev.lazarus.it.apps.support.Gate
import dev.lazarus.it.apps.support.Ledger
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** What the agent asks for: a data class the body copies. */
data class Query(val topic: String, val limit: Int = 2)

/** What it found: a data class built in a sequence's lambda. */
data class Finding(val source: String, val text: String)

/** A service held in a property: each search is an effect the ledger records. */
open class Library(private val ledger: Ledger) {
    open fun search(query: Query): List<String> {
        val sources = (1..query.limit).map { "${query.topic}-$it" }
        ledger.append("search", query.topic, sources.joinToString(","))
        return sources
    }
}

/**
 * A research agent written the way Kotlin is written: a data class and its `copy`, a sequence pipeline whose
 * lambda fetches a page over `java.net.http` (an effect at its boundary, wherever the lambda runs), a
 * `joinToString` with a lambda, a `by lazy` value.
 *
 * `KotlinResearch BASE_URL TOPIC`: prints `RESULT <summary>`; blocks at `gate:searched` or
 * `gate:page-<source>` when asked.
 */
class KotlinResearch(private val library: Library, private val baseUrl: String) {
    private val http = HttpClient.newHttpClient()
    private val gate = Gate()

    @Durable
    fun research(@ExecutionKey topic: String): String {
        val query = Query(topic)
        val wider = query.copy(limit = 3)
        val sources = library.search(wider)
        gate.pass("searched")
        val findings = sources.asSequence()
            .map { source -> Finding(source, fetch(source)) }
            .onEach { gate.pass("page-${it.source}") }
            .filter { it.text.isNotEmpty() }
            .toList()
        val summary by lazy { findings.joinToString("; ") { "${it.source}=${it.text}" } }
        return summary.uppercase()
    }

    private fun fetch(source: String): String {
        val request = HttpRequest.newBuilder(URI.create("$baseUrl/v1/page?source=$source")).GET().build()
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body()
    }

    companion object {
        @JvmStatic
        fun main(args: Array<String>) {
            val agent = KotlinResearch(Library(Ledger.fromSystemProperty()), args[0])
            println("RESULT " + agent.research(args[1]))
        }
    }
}
