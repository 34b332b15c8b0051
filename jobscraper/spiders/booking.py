from jobscraper.platforms.booking import BookingJobsSpider


class BookingSpider(BookingJobsSpider):
    name = "booking"
    company = "Booking.com"
    careers_url = "https://jobs.booking.com/booking/jobs"
